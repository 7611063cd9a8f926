import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SummaryJson } from '../../src/report/summary-schema.js';
import { loadScenarioFile } from '../../src/scenario/load-scenario.js';
import { collectOperations } from '../../src/traffic/plan.js';
import { CELL_COUNT } from '../../src/traffic/population.js';
import { BIN, runChatload, tempDir } from './cli-helpers.js';

const SMOKE = 'scenarios/smoke.yaml';
const summaryOf = (dir: string): SummaryJson =>
  JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
const totalOf = (summary: SummaryJson) => summary.series.find((s) => s.key === '*/*');

/** `chatload serve` on a free loopback port: the one platform the shards share. */
function startServe(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--latency', 'off'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url !== undefined) resolve({ child, url });
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
  });
}

describe('a live run in shards against one serve, merged (issue 12)', () => {
  let serve: { child: ChildProcess; url: string };
  beforeAll(async () => {
    serve = await startServe();
  });
  afterAll(() => {
    serve?.child.kill('SIGINT');
  });

  it('two shard processes with one --start-at play exactly the unsharded plan, and merge into one result', async () => {
    const base = tempDir('live-shards');
    // A generous lead; on a loaded machine a shard may still be ready too late, and --late-join
    // then records what it skipped, so sent + skipped is the plan either way.
    const startAt = new Date(Date.now() + 5_000).toISOString();
    const shards = await Promise.all(
      [0, 1].map((index) =>
        runChatload([
          'run',
          SMOKE,
          '--target',
          serve.url,
          '--shard',
          `${index}/2`,
          '--start-at',
          startAt,
          '--late-join',
          '--no-progress',
          '--out',
          path.join(base, `s${index}`),
        ]),
      ),
    );
    expect(
      shards.map((s) => s.code),
      shards.map((s) => s.stderr).join('\n'),
    ).toEqual([0, 0]);
    const merged = await runChatload([
      'merge',
      path.join(base, 's1'),
      path.join(base, 's0'),
      '--out',
      path.join(base, 'merged'),
    ]);
    expect(merged.code, merged.stderr).toBe(0);

    const plan = collectOperations(
      loadScenarioFile(SMOKE, { target: serve.url }),
      Array.from({ length: CELL_COUNT }, (_, c) => c),
    );
    const parts = [0, 1].map((index) => summaryOf(path.join(base, `s${index}`)));
    const summary = summaryOf(path.join(base, 'merged'));
    const skipped = parts.reduce((n, p) => n + (p.start?.skippedOperations ?? 0), 0);
    expect(parts.map((p) => p.start?.barrier)).toEqual([startAt, startAt]);
    expect(plan.length).toBeGreaterThan(500);
    expect((totalOf(summary)?.sent ?? 0) + skipped).toBe(plan.length);
    expect(totalOf(summary)?.sent).toBe(parts.reduce((n, p) => n + (totalOf(p)?.sent ?? 0), 0));
    expect(summary.merge?.shards.map((s) => [s.index, s.offsetIntervals])).toEqual([
      [0, 0],
      [1, 0],
    ]);
    // One shared target: its statistics are read once, never added.
    expect(typeof summary.merge?.platformStatsFrom).toBe('number');
    expect(summary.partial).toBe(skipped > 0);
    // Each shard's measurement floor is kept under its name: a floor is per thread, never added.
    const threads = summary.eventLoopDelay?.threads.map((t) => t.thread) ?? [];
    expect(threads).toEqual(
      expect.arrayContaining([
        'shard-0.coordinator',
        'shard-0.worker-0',
        'shard-1.coordinator',
        'shard-1.worker-0',
      ]),
    );
    // Each shard's hlog lines of its threads are in the merged hlog under the shard's name (a shard
    // that joined after the end on a loaded machine has none of its own).
    const loopTags = (file: string) =>
      new Set([...readFileSync(file, 'utf8').matchAll(/^Tag=eventloop:([^,]+),/gm)].map((m) => m[1]));
    const mergedTags = loopTags(path.join(base, 'merged', 'histograms.hlog'));
    const shardTags = [0, 1].flatMap((index) =>
      [...loopTags(path.join(base, `s${index}`, 'histograms.hlog'))].map(
        (thread) => `shard-${index}.${thread}`,
      ),
    );
    if (parts.some((p) => (totalOf(p)?.sent ?? 0) > 0)) expect(shardTags.length).toBeGreaterThan(0);
    expect([...mergedTags].sort()).toEqual(shardTags.sort());
    expect(existsSync(path.join(base, 'merged', 'report.html'))).toBe(true);
  }, 90_000);

  it('a shard ready after its barrier refuses with exit 5 and sends nothing', async () => {
    const out = path.join(tempDir('late'), 'r');
    const late = await runChatload([
      'run',
      SMOKE,
      '--target',
      serve.url,
      '--shard',
      '0/2',
      '--start-at',
      new Date(Date.now() - 60_000).toISOString(),
      '--out',
      out,
      '--no-progress',
    ]);
    expect(late.code).toBe(5);
    expect(late.stderr).toMatch(/start barrier missed: .*nothing was sent.*--late-join/);
    expect(existsSync(path.join(out, 'summary.json'))).toBe(false);
  }, 30_000);
});

describe('shard refusals at the command line (exit 2)', () => {
  it('a sim shard count that does not divide the clusters, a live shard without --target, a shard merged twice', async () => {
    const base = tempDir('shard-refusals');
    const [sim, live, merge] = await Promise.all([
      runChatload([
        'sim',
        'test/sim/fixtures/sim-shards.yaml',
        '--shard',
        '0/4',
        '--out',
        path.join(base, 'sim'),
      ]),
      runChatload(['run', SMOKE, '--shard', '0/2', '--out', path.join(base, 'live')]),
      runChatload([
        'merge',
        'test/golden/sim-small',
        'test/golden/sim-small',
        '--out',
        path.join(base, 'merged'),
      ]),
    ]);
    expect([sim.code, live.code, merge.code]).toEqual([2, 2, 2]);
    expect(sim.stderr).toMatch(/mock\.clusters is 6, so the shard count must divide it \(1, 2, 3, 6\)/);
    expect(live.stderr).toMatch(/shard 0\/2 needs --target: .*2 embedded mocks would be 2 platforms/);
    expect(merge.stderr).toMatch(/not the shards of one run/);
    expect(merge.stderr).toMatch(/shard 0 again/);
  }, 60_000);
});
