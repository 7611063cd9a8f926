import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChatloadError } from '../../src/errors.js';
import { parseIntervalStream } from '../../src/metrics/interval-stream-parse.js';
import { canRebuild, rebuildRunResult } from '../../src/report/rebuild-result.js';
import type { SummaryJson } from '../../src/report/summary-schema.js';
import { writeResultFiles } from '../../src/report/write-result-dir.js';
import { tempDir } from '../e2e/cli-helpers.js';

/**
 * A run killed before its end leaves scenario.json, histograms.hlog and intervals.ndjson; the
 * rebuild must give, from whole intervals only, what the finished run would have said of them.
 * The golden sim run (test/golden/sim-small) is the exact answer: same files, its own summary.json.
 */
const GOLDEN = 'test/golden/sim-small';
const golden: SummaryJson = JSON.parse(readFileSync(path.join(GOLDEN, 'summary.json'), 'utf8'));
const streamText = readFileSync(path.join(GOLDEN, 'intervals.ndjson'), 'utf8');
const hlogText = readFileSync(path.join(GOLDEN, 'histograms.hlog'), 'utf8');

function unfinishedDir(stream = streamText, hlog = hlogText): string {
  const dir = tempDir('rebuild');
  copyFileSync(path.join(GOLDEN, 'scenario.json'), path.join(dir, 'scenario.json'));
  writeFileSync(path.join(dir, 'intervals.ndjson'), stream);
  writeFileSync(path.join(dir, 'histograms.hlog'), hlog);
  return dir;
}

/** The hlog's lines of intervals starting before `seconds` (comments and headers kept), then half of the next line. */
function hlogCutAt(seconds: number): string {
  const lines = hlogText.split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    const start = /^(?:Tag=[^,]+,)?(\d+\.\d+),/.exec(line);
    if (start && Number(start[1]) >= seconds) {
      kept.push(line.slice(0, Math.floor(line.length / 2)));
      break;
    }
    kept.push(line);
  }
  return kept.join('\n');
}

describe('rebuilding a result directory from its interval files', () => {
  it('gives the finished run its own series, counters and percentiles, marked partial', () => {
    const dir = unfinishedDir();
    expect(canRebuild(dir)).toBe(true);
    const summary = writeResultFiles(dir, rebuildRunResult(dir));
    expect(summary.partial).toBe(true);
    expect(summary.platformStats).toBeNull();
    expect(summary.webhooks.note).toMatch(/not recovered/);
    expect(summary.elapsedSeconds).toBe(golden.elapsedSeconds);
    expect(summary.planFingerprint).toBe(golden.planFingerprint);
    expect(summary.series.map((s) => s.key)).toEqual(golden.series.map((s) => s.key));
    for (const [i, s] of summary.series.entries()) {
      const want = golden.series[i];
      expect({ ...s, histograms: undefined }, s.key).toEqual({ ...want, histograms: undefined });
    }
    expect(readFileSync(path.join(dir, 'latency.csv'), 'utf8')).toBe(readFileSync(path.join(GOLDEN, 'latency.csv'), 'utf8'));
    expect(readFileSync(path.join(dir, 'timeseries.csv'), 'utf8')).toBe(readFileSync(path.join(GOLDEN, 'timeseries.csv'), 'utf8'));
  });

  it('after a kill mid-interval keeps exactly the intervals the stream closed, ignoring a cut-off hlog line', () => {
    const lines = streamText.split('\n');
    const closes = lines.flatMap((line, i) => (line.includes('"kind":"interval"') ? [i] : []));
    const keep = closes[9] as number; // ten whole intervals, then half of the eleventh's series lines
    const cutStream = `${lines.slice(0, keep + 1).join('\n')}\n${lines.slice(keep + 1, keep + 3).join('\n')}\n${(lines[keep + 3] ?? '').slice(0, 40)}`;
    const parsed = parseIntervalStream(streamText);
    const intervalSeconds = parsed.header.intervalUs / 1e6;
    const dir = unfinishedDir(cutStream, hlogCutAt(11 * intervalSeconds));

    const summary = writeResultFiles(dir, rebuildRunResult(dir));

    const whole = parsed.intervals.slice(0, 10).flatMap((i) => i.series);
    const all = summary.series.find((s) => s.key === '*/*');
    expect(all?.count).toBe(whole.reduce((n, r) => n + r.count, 0));
    expect(all?.sent).toBe(whole.reduce((n, r) => n + r.sent, 0));
    expect(all?.latencyUs.count).toBe(all?.count);
    expect(summary.elapsedSeconds).toBe(10 * intervalSeconds);
    expect(summary.interrupted).toBe(false);
  });

  it('refuses a directory that is not a result directory with a coded error naming the file', () => {
    const dir = unfinishedDir();
    writeFileSync(path.join(dir, 'scenario.json'), '{"name": 3}');
    expect(() => rebuildRunResult(dir)).toThrowError(ChatloadError);
    expect(() => rebuildRunResult(dir)).toThrowError(/scenario\.json: is not a resolved scenario/);
    expect(canRebuild(tempDir('empty'))).toBe(false);
  });
});
