import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIntervalStream } from '../../src/metrics/interval-stream-parse.js';
import { childPids, isRunning, runChatload, tempDir } from './cli-helpers.js';

const closedIntervals = (file: string): number =>
  existsSync(file) ? (readFileSync(file, 'utf8').match(/"kind":"interval"/g) ?? []).length : 0;

describe('a run killed with SIGKILL keeps its data (issue 9)', () => {
  it('leaves every whole interval on disk, and `chatload report <dir>` rebuilds the summary, CSVs, .hgrm files and report, marked partial', async () => {
    const out = path.join(tempDir('kill9'), 'result');
    const stream = path.join(out, 'intervals.ndjson');
    let relaunched: number[] = [];
    const run = await runChatload(
      ['run', 'scenarios/smoke.yaml', '--duration', '60s', '--pre-roll', '0', '--out', out, '--no-progress'],
      (child) => {
        const timer = setInterval(() => {
          if (closedIntervals(stream) >= 2) {
            clearInterval(timer);
            relaunched = childPids(child.pid ?? 0);
            child.kill('SIGKILL');
          }
        }, 20);
      },
      { CHATLOAD_LIVE_NODE_FLAGS: '--single-threaded-gc' },
    );
    expect(run.signal).toBe('SIGKILL');
    // The node the command relaunched under its live flags went with it (nothing runs on unseen).
    expect(relaunched).toHaveLength(1);
    expect(relaunched.filter(isRunning)).toEqual([]);
    expect(existsSync(path.join(out, 'summary.json'))).toBe(false);
    const written = parseIntervalStream(readFileSync(stream, 'utf8'), stream);
    expect(written.end).toBeUndefined();
    expect(written.intervals.length).toBeGreaterThanOrEqual(2);

    const report = await runChatload(['report', out]);

    expect(report.code).toBe(0);
    expect(report.stderr).toMatch(/summary\.json was missing .* rebuilt .* marked partial/);
    expect(report.stdout).toMatch(/rebuilt after an unfinished run: partial/);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.partial).toBe(true);
    expect(summary.engine).toBe('live');
    const committed = written.intervals.flatMap((i) => i.series);
    const all = summary.series.find((s: { key: string }) => s.key === '*/*');
    expect(all.count).toBe(committed.reduce((n, r) => n + r.count, 0));
    expect(all.count).toBeGreaterThan(0);
    expect(summary.eventLoopDelay.threads.map((t: { thread: string }) => t.thread)).toContain('worker-0');
    for (const file of ['latency.csv', 'timeseries.csv', 'report.html', 'send.hgrm'])
      expect(existsSync(path.join(out, file)), file).toBe(true);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toMatch(/rebuilt after an unfinished run/);
  }, 60_000);
});
