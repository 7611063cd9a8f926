import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROBE_TIMEOUT_MS } from '../../src/load/target-probe.js';
import { loadScenarioFile } from '../../src/scenario/load-scenario.js';
import { collectOperations } from '../../src/traffic/plan.js';
import { CELL_COUNT } from '../../src/traffic/population.js';
import { BIN, runChatload, tempDir } from './cli-helpers.js';

interface SeriesRow {
  key: string;
  sent: number;
  count: number;
  errorsByCode: Record<string, number>;
  conversationsStarted?: number;
}

function summaryOf(dir: string): { interrupted: boolean; series: SeriesRow[] } {
  return JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
}

describe('chatload run (built CLI, embedded mock)', () => {
  it('builds an executable bin, so `npx chatload` runs it', () => {
    expect(() => accessSync(BIN, constants.X_OK)).not.toThrow();
  });

  it('runs the smoke scenario and writes every file of the result-directory contract', async () => {
    const out = path.join(tempDir('run'), 'result');
    const run = await runChatload(['run', 'scenarios/smoke.yaml', '--out', out, '--no-progress']);
    expect(run.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(run.code).toBe(0);
    const files = readdirSync(out);
    for (const file of [
      'summary.json',
      'latency.csv',
      'timeseries.csv',
      'histograms.hlog',
      'inbound.hgrm',
      'send.hgrm',
      'report.html',
    ])
      expect(files).toContain(file);
    const summary = summaryOf(out);
    expect(summary.interrupted).toBe(false);
    const total = summary.series.find((s) => s.key === '*/*');
    expect(total?.count).toBeGreaterThan(50);
    // The run sends exactly the plan: as many operations as the pure plan of the same scenario.
    const planned = collectOperations(
      loadScenarioFile('scenarios/smoke.yaml'),
      Array.from({ length: CELL_COUNT }, (_, c) => c),
    );
    expect(total?.sent).toBe(planned.length);
    expect(total?.count).toBe(planned.length);
    for (const shape of ['customer-service', 'general-chatbot']) {
      const started = planned.filter((op) => op.shape === shape && op.seq === 0).length;
      expect(started).toBeGreaterThan(0);
      expect(summary.series.find((s) => s.key === `${shape}/*`)?.conversationsStarted).toBe(started);
    }
    // Every request shape the generator sends is one the mock (the Cloud API's rules) accepts.
    expect(total?.errorsByCode['100'] ?? 0).toBe(0);
    expect(run.stdout).toMatch(/p99/);
    expect(readFileSync(path.join(out, 'histograms.hlog'), 'utf8')).toMatch(
      /Tag=customer-service\/inbound\/latency,/,
    );
    // The measurement floor: every thread's event-loop delay, in the hlog, summary.json and the printed summary.
    const floor = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')).eventLoopDelay;
    expect(floor.threads.map((t: { thread: string }) => t.thread)).toEqual(['coordinator', 'mock', 'worker-0']);
    // Ticks counted depend on how often a loaded host runs the thread (86 in 3 s seen at load 18 on 2 cores).
    for (const t of floor.threads) expect(t.delayUs.count).toBeGreaterThan(0);
    for (const thread of ['coordinator', 'mock', 'worker-0'])
      expect(readFileSync(path.join(out, 'histograms.hlog'), 'utf8')).toMatch(new RegExp(`^Tag=eventloop:${thread},0\\.000,`, 'm'));
    expect(run.stdout).toMatch(/cannot be attributed to the platform/);
  }, 60_000);

  it('plays the same operations whatever the number of workers: three workers send the plan, key by key', async () => {
    const out = path.join(tempDir('workers'), 'three');
    const run = await runChatload([
      'run',
      'scenarios/smoke.yaml',
      '--workers',
      '3',
      '--out',
      out,
      '--no-progress',
    ]);
    expect(run.code).toBe(0);
    // The pure plan knows nothing of workers; the one-worker run above sends exactly it too.
    const planned = collectOperations(
      loadScenarioFile('scenarios/smoke.yaml'),
      Array.from({ length: CELL_COUNT }, (_, c) => c),
    );
    const plannedBy: Record<string, number> = {};
    for (const op of planned)
      plannedBy[`${op.shape}/${op.kind}`] = (plannedBy[`${op.shape}/${op.kind}`] ?? 0) + 1;
    const sentBy = Object.fromEntries(
      summaryOf(out)
        .series.filter((s) => !s.key.includes('*') && s.sent > 0)
        .map((s) => [s.key, s.sent]),
    );
    expect(sentBy).toEqual(plannedBy);
  }, 60_000);

  it('stops on Ctrl-C, writes what it measured and exits 130', async () => {
    const out = path.join(tempDir('sigint'), 'result');
    const run = await runChatload(
      ['run', 'scenarios/smoke.yaml', '--duration', '60s', '--out', out, '--no-progress'],
      (child) => {
        // Once an interval with completions has closed (its series line is in the stream): on a
        // loaded host start-up and warm-up can take seconds after the banner.
        const stream = path.join(out, 'intervals.ndjson');
        const timer = setInterval(() => {
          if (existsSync(stream) && readFileSync(stream, 'utf8').includes('"kind":"series"')) {
            clearInterval(timer);
            setTimeout(() => child.kill('SIGINT'), 300);
          }
        }, 50);
        child.on('close', () => clearInterval(timer));
      },
    );
    expect(run.code).toBe(130);
    expect(run.elapsedMs).toBeLessThan(30_000);
    expect(run.stderr).toMatch(/interrupted/i);
    const summary = summaryOf(out);
    expect(summary.interrupted).toBe(true);
    expect(summary.series.find((s) => s.key === '*/*')?.count).toBeGreaterThan(0);
    expect(existsSync(path.join(out, 'histograms.hlog'))).toBe(true);
  }, 60_000);

  it('gives a clear error and exit code 3 at once when --target refuses the connection (no waiting for the probe timeout)', async () => {
    const run = await runChatload([
      'run',
      'scenarios/smoke.yaml',
      '--target',
      'http://127.0.0.1:9',
      '--out',
      path.join(tempDir('unreach'), 'r'),
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/target http:\/\/127\.0\.0\.1:9 is unreachable \(ECONNREFUSED/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    // Refused is known at once: well before the probe would have timed out (node start-up included, loosely).
    expect(run.elapsedMs).toBeLessThan(PROBE_TIMEOUT_MS + 2_000);
  }, 20_000);

  it('does not hang on a target that accepts connections but never answers: the probe times out, exit 3', async () => {
    const { createServer } = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as import('node:net').AddressInfo;
    try {
      const run = await runChatload([
        'run',
        'scenarios/smoke.yaml',
        '--target',
        `http://127.0.0.1:${port}`,
        '--out',
        path.join(tempDir('silent'), 'r'),
      ]);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(
        `is unreachable (no answer to GET /_sim/health within the ${PROBE_TIMEOUT_MS} ms probe timeout)`,
      );
      // The probe reached the server and waited there for its whole timeout, then gave up.
      expect(sockets.length).toBeGreaterThan(0);
      expect(run.elapsedMs).toBeGreaterThanOrEqual(PROBE_TIMEOUT_MS);
      expect(run.elapsedMs).toBeLessThan(PROBE_TIMEOUT_MS + 6_000); // loose: node start-up on a busy machine
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  }, 20_000);

  it('rejects an unknown flag by name with exit code 2', async () => {
    const run = await runChatload(['run', 'scenarios/smoke.yaml', '--userz', '5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/userz/);
  });

  it('rejects an invalid scenario with file, line and field, exit code 2', async () => {
    const dir = tempDir('bad');
    const file = path.join(dir, 'bad.yaml');
    (await import('node:fs')).writeFileSync(file, 'name: bad\nusers: 0\ntraffic:\n  mix: []\n');
    const run = await runChatload(['run', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:line 2: users:`);
    expect(run.stderr).toMatch(/traffic\.mix/);
  });
});
