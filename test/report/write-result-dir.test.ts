import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatloadError } from '../../src/errors.js';
import { createHistogram, decodeHistogram } from '../../src/metrics/hdr-settings.js';
import { LATENCY_CSV_COLUMNS } from '../../src/report/latency-csv.js';
import { readResultDir } from '../../src/report/read-result-dir.js';
import { TIMESERIES_CSV_COLUMNS } from '../../src/report/timeseries-csv.js';
import { writeResultFiles } from '../../src/report/write-result-dir.js';
import {
  DEFAULT_SPECS,
  fixtureRunResult,
  logSpreadUs,
  writeFixtureHlog,
} from './helpers/run-result-fixture.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chatload-report-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('writeResultFiles', () => {
  it('writes every file of the result-directory contract and leaves histograms.hlog alone', () => {
    const dir = tempDir();
    const result = fixtureRunResult();
    writeFixtureHlog(dir, result);
    const hlogBefore = readFileSync(join(dir, 'histograms.hlog'), 'utf8');
    writeResultFiles(dir, result, []);
    const files = readdirSync(dir);
    for (const file of [
      'summary.json',
      'latency.csv',
      'timeseries.csv',
      'histograms.hlog',
      'inbound.hgrm',
      'send.hgrm',
      'typing.hgrm',
    ]) {
      expect(files).toContain(file);
    }
    expect(files).toContain('general-chatbot.send.hgrm');
    expect(files).toContain('customer-service.inbound.hgrm');
    expect(readFileSync(join(dir, 'histograms.hlog'), 'utf8')).toBe(hlogBefore);
  });

  it('orders series: (shape, op), then shape totals, then op totals, then everything', () => {
    const summary = writeResultFiles(tempDir(), fixtureRunResult(), []);
    expect(summary.series.map((s) => s.key)).toEqual([
      'customer-service/inbound',
      'customer-service/send',
      'general-chatbot/inbound',
      'general-chatbot/send',
      'general-chatbot/typing',
      'customer-service/*',
      'general-chatbot/*',
      '*/inbound',
      '*/send',
      '*/typing',
      '*/*',
    ]);
  });

  it('merges histograms for "*/send": its p99 is the p99 of one histogram of all send values', () => {
    const summary = writeResultFiles(tempDir(), fixtureRunResult(), []);
    const oracle = createHistogram();
    for (const v of [
      ...DEFAULT_SPECS['customer-service/send']!.latencyUs,
      ...DEFAULT_SPECS['general-chatbot/send']!.latencyUs,
    ])
      oracle.recordValue(v);
    const send = summary.series.find((s) => s.key === '*/send')!;
    expect(send.latencyUs.p99).toBe(oracle.getValueAtPercentile(99));
    expect(send.latencyUs.count).toBe(2_300);
    expect(decodeHistogram(send.histograms.latency).getValueAtPercentile(99.9)).toBe(
      oracle.getValueAtPercentile(99.9),
    );
    expect(send.latencyUs.max).toBe(oracle.getValueAtPercentile(100));
    expect(send.latencyUs.max / oracle.maxValue).toBeLessThan(1.001);
  });

  it('does not average percentiles: a hand-made case where the average of p99s is wrong', () => {
    // 99 fast (1ms) + 1 slow (1s) in one shape, 100 slow (1s) in the other: merged p99 is 1s,
    // the per-shape p99s are 1ms and 1s, whose average (≈500ms) is no value that was ever seen.
    const specs = {
      'customer-service/send': { latencyUs: [...Array(99).fill(1_000), 1_000_000] },
      'general-chatbot/send': { latencyUs: Array(100).fill(1_000_000) },
    };
    const summary = writeResultFiles(tempDir(), fixtureRunResult({ specs }), []);
    const p99 = (key: string) => summary.series.find((s) => s.key === key)!.latencyUs.p99;
    expect(p99('customer-service/send')).toBeLessThan(1_001);
    expect(p99('general-chatbot/send')).toBeGreaterThanOrEqual(1_000_000);
    const merged = p99('*/send');
    const averaged = (p99('customer-service/send') + p99('general-chatbot/send')) / 2;
    expect(merged).toBeGreaterThanOrEqual(1_000_000);
    expect(Math.abs(merged - averaged)).toBeGreaterThan(400_000);
  });

  it('writes latency.csv with the exact columns and one row per (shape, op), times in ms with 3 decimals', () => {
    const dir = tempDir();
    writeResultFiles(dir, fixtureRunResult(), []);
    const lines = readFileSync(join(dir, 'latency.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'shape,op,count,errors,rate_per_s,latency_min_ms,latency_p50_ms,latency_p90_ms,latency_p99_ms,latency_p99_9_ms,latency_max_ms,' +
        'service_min_ms,service_p50_ms,service_p90_ms,service_p99_ms,service_p99_9_ms,service_max_ms,lateness_p50_ms,lateness_p99_ms,lateness_max_ms',
    );
    expect(lines[0]!.split(',')).toEqual(LATENCY_CSV_COLUMNS);
    expect(lines).toHaveLength(1 + 5);
    const send = lines.find((l) => l.startsWith('general-chatbot,send,'))!.split(',');
    expect(send[2]).toBe('2000');
    expect(send[3]).toBe('19');
    expect(send[6]).toMatch(/^\d+\.\d{3}$/);
    const typing = lines.find((l) => l.startsWith('general-chatbot,typing,'))!.split(',');
    expect(typing.slice(2, 5)).toEqual(['0', '0', '0.000']);
  });

  it('writes timeseries.csv with the exact columns, empty latency cells when nothing completed', () => {
    const dir = tempDir();
    writeResultFiles(dir, fixtureRunResult(), []);
    const lines = readFileSync(join(dir, 'timeseries.csv'), 'utf8').trim().split('\n');
    expect(lines[0]!.split(',')).toEqual(TIMESERIES_CSV_COLUMNS);
    expect(lines[0]).toBe(
      'start_s,end_s,shape,op,sent,completed,rate_per_s,errors,latency_p50_ms,latency_p99_ms,service_p99_ms,in_flight',
    );
    expect(lines).toHaveLength(1 + 3 * 5);
    const typing = lines.find((l) => l.includes(',typing,'))!.split(',');
    expect(typing.slice(8, 11)).toEqual(['', '', '']);
  });

  it('writes .hgrm files in HdrHistogram percentile-distribution format, values in ms', () => {
    const dir = tempDir();
    writeResultFiles(
      dir,
      fixtureRunResult({
        specs: { 'general-chatbot/send': { latencyUs: logSpreadUs(1000, 1_000, 100_000) } },
      }),
      [],
    );
    const text = readFileSync(join(dir, 'send.hgrm'), 'utf8');
    const lines = text.split('\n');
    expect(lines[0]!.trim().split(/\s+/)).toEqual(['Value', 'Percentile', 'TotalCount', '1/(1-Percentile)']);
    const rows = lines.filter((l) => /^\s+\d+\.\d+\s+\d\.\d+\s+\d+/.test(l));
    expect(rows.length).toBeGreaterThan(20);
    const first = rows[0]!.trim().split(/\s+/);
    expect(Number(first[0])).toBeCloseTo(1, 1); // 1,000 µs written as 1 ms
    expect(text).toMatch(/^#\[Mean {4}= +[\d.]+, StdDeviation {3}= +[\d.]+\]$/m);
    expect(text).toMatch(/^#\[Max {5}= +100\.\d+, Total count {4}= +1000\]$/m);
    expect(text).toMatch(/^#\[Buckets = +\d+, SubBuckets {5}= +\d+\]$/m);
  });

  it('works for an interrupted run and marks the summary', () => {
    const dir = tempDir();
    const result = fixtureRunResult({ interrupted: true });
    writeFixtureHlog(dir, result);
    const summary = writeResultFiles(dir, result, []);
    expect(summary.interrupted).toBe(true);
    expect(summary.elapsedSeconds).toBe(2.5);
    const read = readResultDir(dir);
    expect(read.summary.interrupted).toBe(true);
    // The last interval is cut at the interrupt, and its rate is over the 0.5 s it lasted.
    const last = read.timeseries.find(
      (r) => r.startSeconds === 2 && r.shape === 'general-chatbot' && r.op === 'send',
    )!;
    expect(last.endSeconds).toBe(2.5);
    expect(last.ratePerSecond).toBeCloseTo(last.completed / 0.5, 3);
  });

  it('evaluates the scenario thresholds when no verdicts are given', () => {
    const summary = writeResultFiles(tempDir(), fixtureRunResult());
    expect(summary.thresholds.map((t) => t.source)).toEqual(['send.p99<250ms', 'errors<1%']);
    expect(summary.thresholds.map((t) => t.pass)).toEqual([false, true]);
  });
});

describe('readResultDir', () => {
  it('reads back summary, timeseries rows and the hlog', () => {
    const dir = tempDir();
    const result = fixtureRunResult();
    writeFixtureHlog(dir, result);
    const written = writeResultFiles(dir, result, []);
    const read = readResultDir(dir);
    expect(read.summary).toEqual(JSON.parse(JSON.stringify(written)));
    expect(read.timeseries).toHaveLength(15);
    expect(read.timeseries.find((r) => r.op === 'typing')!.latencyP99Ms).toBeNull();
    expect(read.hlog).toContain('#[StartTime:');
  });

  it('names the missing file', () => {
    const dir = tempDir();
    writeResultFiles(dir, fixtureRunResult(), []);
    expect(() => readResultDir(dir)).toThrowError(/histograms\.hlog: file is missing/);
    try {
      readResultDir(join(dir, 'nope'));
    } catch (error) {
      expect(error).toBeInstanceOf(ChatloadError);
      expect((error as ChatloadError).code).toBe('CHATLOAD_E_RESULT_DIR_INVALID');
      expect((error as ChatloadError).message).toMatch(/summary\.json/);
    }
  });

  it('rejects malformed JSON, a wrong schemaVersion and a malformed timeseries.csv', () => {
    const dir = tempDir();
    const result = fixtureRunResult();
    writeFixtureHlog(dir, result);
    writeResultFiles(dir, result, []);
    const summaryPath = join(dir, 'summary.json');
    const good = readFileSync(summaryPath, 'utf8');
    writeFileSync(summaryPath, '{ nope');
    expect(() => readResultDir(dir)).toThrowError(/summary\.json: is not valid JSON/);
    writeFileSync(summaryPath, good.replace('"schemaVersion": 2', '"schemaVersion": 99'));
    expect(() => readResultDir(dir)).toThrowError(/schemaVersion is 99/);
    writeFileSync(summaryPath, good.replace('"engine": "live"', '"engine": "warp"'));
    expect(() => readResultDir(dir)).toThrowError(/does not match the summary\.json v2 schema \(\/engine/);
    writeFileSync(summaryPath, good);
    writeFileSync(join(dir, 'timeseries.csv'), 'a,b\n1,2\n');
    expect(() => readResultDir(dir)).toThrowError(/timeseries\.csv: unexpected header/);
  });
});
