import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RUN_SH, SKIP_KUBECTL } from './k8s-manifests.js';

/**
 * deploy/run.sh against a fake cluster (test/deploy/fake-kubectl.sh on PATH as `kubectl`): the
 * order of its steps, and its exit code for each way the shards and the merge can end.
 */
const FAKE = path.resolve('test/deploy/fake-kubectl.sh');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface FakeCluster {
  readonly shards: 'complete' | 'failed';
  readonly shardExits?: string;
  readonly mergeExit: number;
  /** What the API server kept of spec.backoffLimitPerIndex ('' = dropped, an old cluster). */
  readonly perIndex?: string;
}

function runAgainst(cluster: FakeCluster, extraArgs: readonly string[] = []) {
  const dir = mkdtempSync(path.join(tmpdir(), 'chatload-fake-kubectl-'));
  dirs.push(dir);
  symlinkSync(FAKE, path.join(dir, 'kubectl'));
  const log = path.join(dir, 'calls.log');
  writeFileSync(log, '');
  const realKubectl = spawnSync('bash', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
  const run = spawnSync(
    'bash',
    [RUN_SH, '--scenario', 'scenarios/smoke.yaml', '--shards', '3', '--lead', '30s', ...extraArgs],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}`,
        REAL_KUBECTL: realKubectl,
        FAKE_LOG: log,
        FAKE_SHARDS: cluster.shards,
        FAKE_SHARD_EXITS: cluster.shardExits ?? '',
        FAKE_MERGE_EXIT: String(cluster.mergeExit),
        FAKE_PER_INDEX: cluster.perIndex ?? '0',
      },
    },
  );
  const calls = readFileSync(log, 'utf8').split('\n');
  /** Position of the first call that starts with `prefix` (after --namespace chatload); -1 if none. */
  const at = (prefix: string) => calls.findIndex((c) => c.startsWith(`--namespace chatload ${prefix}`));
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, calls, at };
}

describe.skipIf(SKIP_KUBECTL)('deploy/run.sh on a (fake) cluster', () => {
  it("runs the steps in order, and its exit code is the merge's: 99 when a threshold failed", () => {
    const run = runAgainst({ shards: 'complete', mergeExit: 99 });
    expect(run.status).toBe(99);
    const order = [
      'create secret generic chatload-admin',
      'delete job chatload-shards chatload-merge',
      'apply -f /',
      'rollout status deployment/chatload-mock',
      'apply -f -', // the start barrier, once the mock is ready
      'patch job chatload-shards',
      'wait --for=condition=complete job/chatload-shards',
      'patch job chatload-merge', // only after the shards completed
      'logs job/chatload-merge',
    ].map(run.at);
    expect(order).not.toContain(-1);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // What `apply -f -` read: the start ConfigMap (its lines follow the call in the log).
    expect(run.calls.slice(run.at('apply -f -')).join('\n')).toMatch(/name: chatload-start\n/);
    expect(run.calls.slice(run.at('apply -f -')).join('\n')).toMatch(
      /start-at: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/,
    );
    expect(run.stdout).toMatch(
      /merged result in volume chatload-results at \/results\/run-\d{8}-\d{6}\/merged; verdict: exit 99 \(a threshold failed\)/,
    );
  });

  it('exits 0 when the merge passes', () => {
    expect(runAgainst({ shards: 'complete', mergeExit: 0 }).status).toBe(0);
  });

  it('a failed shard stops the run before the merge, with that shard’s exit code and its meaning', () => {
    const run = runAgainst({ shards: 'failed', shardExits: '0 0\\n2 143\\n1 5\\n', mergeExit: 0 });
    expect(run.status).toBe(5);
    expect(run.stderr).toMatch(/shard 1: exit 5 \(start barrier missed \(raise --lead\)\)/);
    expect(run.stderr).toMatch(/shard 2: exit 143 \(killed/);
    expect(run.stderr).toMatch(/no merge: a shard failed/);
    expect(run.at('patch job chatload-merge')).toBe(-1);
  });

  it('shards that failed only on their own thresholds (99) are merged: the merged result is judged', () => {
    const run = runAgainst({ shards: 'failed', shardExits: '0 99\\n1 0\\n2 99\\n', mergeExit: 0 });
    expect(run.stderr).toMatch(/failed only on their own thresholds; merging/);
    expect(run.at('patch job chatload-merge')).toBeGreaterThan(-1);
    expect(run.status).toBe(0);
  });

  it('a failed shard Job whose pods left no exit code is a cluster-side failure (exit 1)', () => {
    const run = runAgainst({ shards: 'failed', shardExits: '0 \\n', mergeExit: 0 });
    expect(run.stderr).toMatch(/shard 0: exit none/);
    expect(run.status).toBe(1);
  });

  it('a cluster that dropped backoffLimitPerIndex (could replay a shard) is refused before any shard starts', () => {
    const run = runAgainst({ shards: 'complete', mergeExit: 0, perIndex: '' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /dropped spec.backoffLimitPerIndex from the shard Job \(needs Kubernetes ≥ 1.29\)/,
    );
    expect(run.at('patch job chatload-shards')).toBe(-1);
  });

  it('a sharded sim has no mock to wait for and no start barrier', () => {
    const run = runAgainst({ shards: 'complete', mergeExit: 0 }, [
      '--kustomize',
      'deploy/k8s/overlays/example-sim',
    ]);
    expect(run.status).toBe(0);
    expect(run.at('rollout status')).toBe(-1);
    expect(run.at('apply -f -')).toBe(-1);
    expect(run.at('create secret')).toBe(-1);
    expect(run.at('patch job chatload-merge')).toBeGreaterThan(run.at('patch job chatload-shards'));
  });
});
