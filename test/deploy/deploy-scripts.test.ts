import { spawnSync } from 'node:child_process';
import { Job } from 'kubernetes-models/batch/v1';
import { describe, expect, it } from 'vitest';
import {
  find,
  kustomize,
  LOCAL_SHARDS_SH,
  printRun,
  RUN_SH,
  runScript,
  SKIP_KUBECTL,
} from './k8s-manifests.js';

const SCRIPTS = [RUN_SH, LOCAL_SHARDS_SH];
const shellcheckFound = spawnSync('shellcheck', ['--version'], { stdio: 'ignore' }).status === 0;
// .ci/run installs shellcheck; elsewhere a missing one skips the lint with a message.
const SKIP_SHELLCHECK = !shellcheckFound && !process.env.CI;
if (SKIP_SHELLCHECK)
  console.warn(
    'deploy scripts: shellcheck is not on PATH, so the shell lint is skipped (apt-get install shellcheck)',
  );

/** One printed command of local-shards.sh --print: its env assignments and its argv after `chatload`. */
function parseCommand(line: string): { env: Record<string, string>; args: string[] } {
  const words = line.split(' ');
  const at = words.indexOf('chatload');
  const env = Object.fromEntries(words.slice(0, at).map((w) => w.split('=') as [string, string]));
  return { env, args: words.slice(at + 1) };
}

/** The Job's args for shard i as the pod sees them, with the run's values put in for $(VAR). */
function expandJobArgs(args: readonly string[], values: Record<string, string>): string[] {
  return args.map((arg) =>
    arg.replace(/\$\(([A-Z_]+)\)/g, (_, name: string) => values[name] ?? `$(${name})`),
  );
}

describe('deploy/run.sh and deploy/local-shards.sh', () => {
  it.each(SCRIPTS)('%s parses (bash -n) and answers --help', (script) => {
    expect(spawnSync('bash', ['-n', script]).status).toBe(0);
    const help = runScript(script, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: deploy\//);
  });

  it.skipIf(SKIP_SHELLCHECK)('both are shellcheck-clean', () => {
    const lint = spawnSync('shellcheck', SCRIPTS, { encoding: 'utf8' });
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  });

  it.each([
    [[], /--scenario FILE is required/],
    [['--scenario', 'scenarios/smoke.yaml'], /--shards N is required/],
    [['--scenario', 'scenarios/smoke.yaml', '--shards', '0'], /--shards expects a whole number ≥ 1, got '0'/],
    [['--scenario', 'scenarios/nope.yaml', '--shards', '2'], /scenario scenarios\/nope.yaml: no such file/],
    [
      ['--scenario', 'scenarios/smoke.yaml', '--shards', '2', '--lead', 'soon'],
      /--lead expects a duration such as 90s, 5m or 1h, got 'soon'/,
    ],
    [
      ['--scenario', 'scenarios/smoke.yaml', '--shards', '2', '--run-id', '../up'],
      /--run-id allows letters, digits/,
    ],
    [['--scenario', 'scenarios/smoke.yaml', '--shards', '2', '--shard', '1/2'], /unknown option '--shard'/],
    [
      ['--scenario', 'scenarios/smoke.yaml', '--shards', '2', '--kustomize', 'deploy'],
      /no kustomization.yaml there/,
    ],
  ])('run.sh refuses bad usage with exit 2 and says why: %j', (args, message) => {
    const run = runScript(RUN_SH, args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it.each([
    [[], /expected N SCENARIO OUT_DIR/],
    [['0', 'scenarios/smoke.yaml', '/tmp/x'], /N expects a whole number ≥ 1, got '0'/],
    [['2', 'scenarios/smoke.yaml', '/tmp/x', '--threshold', 'x'], /merge options go after --/],
  ])('local-shards.sh refuses bad usage with exit 2 and says why: %j', (args, message) => {
    const run = runScript(LOCAL_SHARDS_SH, args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe.skipIf(SKIP_KUBECTL)('deploy/local-shards.sh runs what the Job runs', () => {
  const out = '/tmp/chatload-shards';

  it('sim: the sim Job pod command, N times with JOB_COMPLETION_INDEX=0..N-1 and CHATLOAD_SHARD_COUNT=N, then the merge run.sh renders', () => {
    const shards = 3;
    const job = find(kustomize('overlays/example-sim'), Job.is, 'chatload-shards');
    const jobArgs = job.spec?.template.spec?.containers[0]?.args ?? [];
    const printed = runScript(LOCAL_SHARDS_SH, [
      '--print',
      String(shards),
      'scenarios/smoke.yaml',
      out,
      '--',
      '--threshold',
      'errors<1%',
    ]);
    expect(printed.status).toBe(0);
    const lines = printed.stdout.trim().split('\n');
    expect(lines).toHaveLength(shards + 1);
    lines.slice(0, shards).forEach((line, i) => {
      const { env, args } = parseCommand(line);
      expect(env).toEqual({ JOB_COMPLETION_INDEX: String(i), CHATLOAD_SHARD_COUNT: String(shards) });
      const local = expandJobArgs(jobArgs, { JOB_COMPLETION_INDEX: String(i), CHATLOAD_RUN_ID: 'r' }).map(
        (a) => a.replace('/etc/chatload/scenario.yaml', 'scenarios/smoke.yaml').replace('/results/r', out),
      );
      expect(args).toEqual(local);
    });

    const rendered = printRun([
      '--scenario',
      'scenarios/smoke.yaml',
      '--shards',
      String(shards),
      '--kustomize',
      'deploy/k8s/overlays/example-sim',
      '--threshold',
      'errors<1%',
    ]);
    const mergeArgs = find(rendered, Job.is, 'chatload-merge').spec?.template.spec?.containers[0]?.args ?? [];
    const expected = expandJobArgs(mergeArgs, { CHATLOAD_RUN_ID: 'r' }).map((a) =>
      a.replace('/results/r', out).replace('<', '\\<'),
    );
    expect(parseCommand(lines[shards]!).args).toEqual(expected);
  });

  it('live: the live Job pod command against the given target and one shared --start-at, less the metrics port', () => {
    const job = find(kustomize('base'), Job.is, 'chatload-shards');
    const jobArgs = job.spec?.template.spec?.containers[0]?.args ?? [];
    const printed = runScript(LOCAL_SHARDS_SH, [
      '--print',
      '--target',
      'http://127.0.0.1:8080',
      '--lead',
      '7',
      '2',
      'scenarios/smoke.yaml',
      out,
    ]);
    const lines = printed.stdout.trim().split('\n').slice(0, 2).map(parseCommand);
    const startAt = lines[0]!.args[lines[0]!.args.indexOf('--start-at') + 1]!;
    expect(Date.parse(startAt) - Date.now()).toBeGreaterThan(5_000);
    lines.forEach(({ args }, i) => {
      const values = {
        JOB_COMPLETION_INDEX: String(i),
        CHATLOAD_RUN_ID: 'r',
        CHATLOAD_TARGET: 'http://127.0.0.1:8080',
        CHATLOAD_START_AT: startAt,
      };
      const local = expandJobArgs(jobArgs, values)
        .map((a) =>
          a.replace('/etc/chatload/scenario.yaml', 'scenarios/smoke.yaml').replace('/results/r', out),
        )
        .filter((_, at, all) => all[at] !== '--metrics-port' && all[at - 1] !== '--metrics-port');
      expect(args).toEqual(local);
    });
  });
});
