import { describe, expect, it } from 'vitest';
import { ChatloadError } from '../../src/errors.js';
import {
  intervalRecordsOf,
  intervalStreamEnd,
  intervalStreamHeader,
  toNdjsonLine,
} from '../../src/metrics/interval-stream.js';
import { parseIntervalStream } from '../../src/metrics/interval-stream-parse.js';
import type { IntervalStreamRecord } from '../../src/metrics/interval-stream-schema.js';
import { closedIntervalOf, range } from './closed-interval-fixture.js';

const RUN_EPOCH_MS = Date.UTC(2026, 10, 25, 10, 0, 0);
const INTERVAL_US = 1_000_000;
const header = intervalStreamHeader({
  runId: 'r1',
  toolVersion: '0.1.0',
  engine: 'live',
  scenario: 'smoke',
  seed: 7,
  runEpochMs: RUN_EPOCH_MS,
  clockStartHour: 10,
  intervalUs: INTERVAL_US,
  shard: { index: 0, count: 1 },
});

const first = closedIntervalOf(0, 3, {
  'customer-service/inbound': {
    latencyUs: [2_000],
    serviceUs: [1_500],
    latenessUs: [10],
    counters: { sent: 1, count: 1 },
  },
  'general-chatbot/send': {
    latencyUs: range(1, 100),
    serviceUs: [500, 700],
    latenessUs: [5],
    counters: {
      sent: 101,
      count: 100,
      errors: 2,
      errorsByCode: { '130429': 2 },
      conversationsStarted: 4,
      bytesSent: 9_000,
      bytesReceived: 4_000,
    },
  },
});
const second = closedIntervalOf(1, 0, {
  'customer-service/read': {
    latencyUs: [40],
    serviceUs: [30],
    latenessUs: [1],
    counters: { sent: 1, count: 1 },
  },
});

function streamText(records: readonly IntervalStreamRecord[]): string {
  return records.map(toNdjsonLine).join('');
}

const wholeRun: IntervalStreamRecord[] = [
  header,
  ...intervalRecordsOf(first, INTERVAL_US, RUN_EPOCH_MS),
  ...intervalRecordsOf(second, INTERVAL_US, RUN_EPOCH_MS),
  intervalStreamEnd(2, false, 1_950_000),
];

describe('interval stream: writing', () => {
  it('names its schema and version in the header', () => {
    expect(header).toMatchObject({
      kind: 'header',
      schema: 'chatload/intervals',
      version: 1,
      runEpochMs: RUN_EPOCH_MS,
      intervalUs: INTERVAL_US,
    });
  });

  it('gives one line per series with its counters, place in time and summarised histograms, then a closing line', () => {
    const records = intervalRecordsOf(first, INTERVAL_US, RUN_EPOCH_MS);
    expect(records.map((r) => r.kind)).toEqual(['series', 'series', 'interval']);
    expect(records[1]).toEqual({
      kind: 'series',
      index: 0,
      startUs: 0,
      endUs: 1_000_000,
      endEpochMs: RUN_EPOCH_MS + 1_000,
      inFlight: 3,
      series: 'general-chatbot/send',
      sent: 101,
      count: 100,
      errors: 2,
      errorsByCode: { '130429': 2 },
      conversationsStarted: 4,
      bytesSent: 9_000,
      bytesReceived: 4_000,
      // 1…100 µs are exact in HDR (sub-bucket width 1 µs below 2,048 µs).
      latencyUs: { count: 100, p50: 50, p90: 90, p99: 99, p999: 100, max: 100 },
      serviceUs: { count: 2, p50: 500, p90: 700, p99: 700, p999: 700, max: 700 },
      latenessUs: { count: 1, p50: 5, p90: 5, p99: 5, p999: 5, max: 5 },
    });
    expect(records[2]).toEqual({
      kind: 'interval',
      index: 0,
      startUs: 0,
      endUs: 1_000_000,
      endEpochMs: RUN_EPOCH_MS + 1_000,
      inFlight: 3,
      seriesCount: 2,
    });
  });

  it('writes series in key order, whatever order they first appeared in (threads differ in that)', () => {
    const reversed = closedIntervalOf(0, 0, {
      'general-chatbot/send': { counters: { sent: 1 } },
      'customer-service/inbound': { counters: { sent: 1 } },
    });
    const keys = intervalRecordsOf(reversed, INTERVAL_US, 0).flatMap((r) =>
      r.kind === 'series' ? [r.series] : [],
    );
    expect(keys).toEqual(['customer-service/inbound', 'general-chatbot/send']);
  });

  it('places interval n at [n·interval, (n+1)·interval) after t = 0 and stamps its absolute end', () => {
    const [close] = intervalRecordsOf(closedIntervalOf(7, 0, {}), 250_000, RUN_EPOCH_MS);
    expect(close).toMatchObject({
      kind: 'interval',
      index: 7,
      startUs: 1_750_000,
      endUs: 2_000_000,
      endEpochMs: RUN_EPOCH_MS + 2_000,
      seriesCount: 0,
    });
  });

  it('summarises an empty histogram as zeros (an interval with sends but no completions)', () => {
    const [line] = intervalRecordsOf(
      closedIntervalOf(0, 5, { 'general-chatbot/inbound': { counters: { sent: 5 } } }),
      INTERVAL_US,
      0,
    );
    expect(line).toMatchObject({ sent: 5, count: 0, latencyUs: { count: 0, p50: 0, p99: 0, max: 0 } });
  });

  it('writes one record per line', () => {
    const line = toNdjsonLine(wholeRun[1]!);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
  });
});

describe('interval stream: reading', () => {
  it('reads back exactly what was written, intervals grouped with their series', () => {
    const parsed = parseIntervalStream(streamText(wholeRun));
    expect(parsed.header).toEqual(header);
    expect(parsed.intervals.map((i) => [i.close.index, i.series.map((s) => s.series)])).toEqual([
      [0, ['customer-service/inbound', 'general-chatbot/send']],
      [1, ['customer-service/read']],
    ]);
    expect(parsed.intervals[0]?.series[0]).toEqual(wholeRun[1]);
    expect(parsed.end).toEqual({ kind: 'end', intervals: 2, interrupted: false, elapsedUs: 1_950_000 });
    expect(parsed.truncatedTail).toBe(false);
    expect(parsed.unclosed).toEqual([]);
  });

  it('tolerates a last line cut off by a killed writer and keeps every whole interval', () => {
    const withoutEnd = streamText(wholeRun.slice(0, -1));
    // Killed while writing interval 1's closing line: its series line is there, the close is half written.
    const cut = withoutEnd.slice(0, withoutEnd.length - 20);
    const parsed = parseIntervalStream(cut);
    expect(parsed.truncatedTail).toBe(true);
    expect(parsed.intervals.map((i) => i.close.index)).toEqual([0]);
    expect(parsed.unclosed.map((s) => [s.index, s.series])).toEqual([[1, 'customer-service/read']]);
    expect(parsed.end).toBeUndefined();
  });

  it('accepts a whole last record without its newline', () => {
    const text = streamText(wholeRun);
    expect(parseIntervalStream(text.slice(0, -1)).end?.intervals).toBe(2);
  });

  it('reports every bad line at once, with its line number and field', () => {
    const lines = streamText(wholeRun).split('\n');
    lines[2] = lines[2]!.replace('"count":100', '"count":-1');
    lines[4] = '{not json';
    const error = catchError(() => parseIntervalStream(lines.join('\n'), 'run/intervals.ndjson'));
    expect(error.code).toBe('CHATLOAD_E_RESULT_DIR_INVALID');
    expect(error.message).toMatch(/run\/intervals\.ndjson is not a valid interval stream/);
    expect(error.issues).toContainEqual(
      expect.objectContaining({ file: 'run/intervals.ndjson', line: 3, field: 'count' }),
    );
    expect(error.issues).toContainEqual(
      expect.objectContaining({ line: 5, message: expect.stringMatching(/not valid JSON/) }),
    );
  });

  it('rejects an unknown series key and an unknown record kind', () => {
    const lines = streamText(wholeRun).split('\n');
    lines[2] = lines[2]!.replace('general-chatbot/send', 'chatbot/send');
    lines[4] = '{"kind":"comment"}';
    const error = catchError(() => parseIntervalStream(lines.join('\n')));
    expect(error.issues.map((i) => [i.line, i.field])).toEqual(
      expect.arrayContaining([
        [3, 'series'],
        [5, 'kind'],
      ]),
    );
  });

  it('refuses a stream of another version, saying which it reads', () => {
    const text = streamText(wholeRun).replace('"version":1', '"version":2');
    expect(() => parseIntervalStream(text)).toThrow(ChatloadError);
    expect(catchError(() => parseIntervalStream(text)).issues[0]?.message).toMatch(
      /version 2; this chatload reads version 1/,
    );
  });

  it('checks the order: header first, series closed by their own interval, nothing after the end', () => {
    const [head, s0a, s0b, close0, s1, close1, end] = wholeRun.map(toNdjsonLine);
    const cases: [string, RegExp][] = [
      [s0a! + head!, /first record must be the header/],
      [head! + s0a! + close0!, /says 2 series lines; 1 precede it/],
      [head! + s0a! + s1!, /series line of interval 1 while interval 0 is not closed/],
      [head! + s0a! + s0a! + s0b! + close0!, /appears twice in interval 0/],
      [head! + s0a! + s0b! + close0! + s1! + close1! + end! + s1!, /a series line after the end line/],
      [head! + s1! + close1! + s0a! + s0b! + close0!, /interval 0 comes after interval 1/],
      [head! + s0a! + s0b! + close0! + intervalStreamEndLine(3), /says 3 intervals; the stream closed 1/],
      ['', /empty/],
    ];
    for (const [text, message] of cases) {
      const error = catchError(() => parseIntervalStream(text));
      expect(error.issues.map((i) => i.message).join(' | ')).toMatch(message);
    }
  });

  it('checks that an interval spans its index times the header interval', () => {
    const text = streamText(wholeRun).replace('"index":1,"startUs":1000000', '"index":1,"startUs":900000');
    expect(catchError(() => parseIntervalStream(text)).issues[0]?.message).toMatch(
      /must span \[1000000, 2000000\)/,
    );
  });
});

function intervalStreamEndLine(intervals: number): string {
  return toNdjsonLine(intervalStreamEnd(intervals, false, 0));
}

function catchError(fn: () => unknown): ChatloadError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ChatloadError) return error;
    throw error;
  }
  throw new Error('expected a ChatloadError');
}
