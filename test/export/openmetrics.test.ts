import { describe, expect, it } from 'vitest';
import { epochMsOf, openMetricsOf, parseEpochDay } from '../../src/export/openmetrics.js';
import { IntervalLogWriter, readIntervalLog } from '../../src/metrics/interval-log.js';
import { intervalRecordsOf, intervalStreamEnd, intervalStreamHeader, toNdjsonLine } from '../../src/metrics/interval-stream.js';
import { parseIntervalStream } from '../../src/metrics/interval-stream-parse.js';
import { createHistogram } from '../../src/metrics/hdr-settings.js';
import { closedIntervalOf } from '../metrics/closed-interval-fixture.js';

function histogramOf(valuesUs: readonly number[]) {
  const h = createHistogram();
  for (const v of valuesUs) h.recordValue(v);
  return h;
}

const header = intervalStreamHeader({
  runId: 'sim-1',
  toolVersion: '0.1.0',
  engine: 'sim',
  scenario: 'day',
  seed: 3,
  runEpochMs: 0,
  clockStartHour: 6,
  intervalUs: 60_000_000,
  shard: { index: 0, count: 1 },
});
const intervals = [
  closedIntervalOf(0, 2, { 'general-chatbot/send': { latencyUs: [1_500, 30_000], serviceUs: [1_000, 20_000], latenessUs: [10, 20], counters: { sent: 2, count: 2, errors: 1, errorsByCode: { '130429': 1 }, conversationsStarted: 1, bytesSent: 200, bytesReceived: 90 } } }),
  closedIntervalOf(1, 0, {}),
  closedIntervalOf(2, 1, { 'general-chatbot/send': { latencyUs: [400_000], serviceUs: [300_000], latenessUs: [5], counters: { sent: 1, count: 1, bytesSent: 100, bytesReceived: 45 } } }),
];

function streamAndLog(ended: boolean) {
  let ndjson = toNdjsonLine(header);
  let hlog = '';
  const log = new IntervalLogWriter((text) => (hlog += text), 0, header.intervalUs);
  for (const interval of intervals) {
    for (const record of intervalRecordsOf(interval, header.intervalUs, 0)) ndjson += toNdjsonLine(record);
    log.write(interval);
  }
  if (ended) ndjson += toNdjsonLine(intervalStreamEnd(3, false, 180_000_000));
  return { stream: parseIntervalStream(ndjson), hlog: readIntervalLog(hlog) };
}

const linesOf = (text: string, prefix: string) => text.split('\n').filter((line) => line.startsWith(prefix));

describe('OpenMetrics from an interval stream', () => {
  const epochMs = Date.UTC(2026, 10, 24, 6, 0, 0);
  const { stream, hlog } = streamAndLog(true);
  const text = openMetricsOf(stream, { epochMs, hlog });

  it('writes cumulative counters with a timestamp (seconds) at every interval end, carried through quiet intervals', () => {
    const t = (minutes: number) => String(epochMs / 1000 + minutes * 60);
    expect(linesOf(text, 'chatload_operations_total{run_id="sim-1",shard="0",shape="general-chatbot",op="send",outcome="ok"}')).toEqual([
      `chatload_operations_total{run_id="sim-1",shard="0",shape="general-chatbot",op="send",outcome="ok"} 1 ${t(1)}`,
      `chatload_operations_total{run_id="sim-1",shard="0",shape="general-chatbot",op="send",outcome="ok"} 1 ${t(2)}`,
      `chatload_operations_total{run_id="sim-1",shard="0",shape="general-chatbot",op="send",outcome="ok"} 2 ${t(3)}`,
    ]);
    expect(linesOf(text, 'chatload_errors_total{').map((l) => l.split(' ')[1])).toEqual(['1', '1', '1']);
    expect(linesOf(text, 'chatload_conversations_started_total{').map((l) => l.split(' ')[1])).toEqual(['1', '1', '1']);
    expect(linesOf(text, 'chatload_operations_in_flight{').map((l) => l.split(' ')[1])).toEqual(['2', '0', '1']);
  });

  it('turns the hlog interval histograms into the live exporter\'s classic buckets', () => {
    const le = (bound: string) => linesOf(text, `chatload_latency_seconds_bucket{run_id="sim-1",shard="0",shape="general-chatbot",op="send",le="${bound}"}`).map((l) => l.split(' ')[1]);
    expect(le('0.0025')).toEqual(['1', '1', '1']);
    expect(le('0.03')).toEqual(['2', '2', '2']);
    expect(le('0.5')).toEqual(['2', '2', '3']);
    expect(linesOf(text, 'chatload_lateness_seconds_count{').map((l) => l.split(' ')[1])).toEqual(['2', '2', '3']);
  });

  it('exports the hlog\'s event-loop delay lines per thread, as the live exporter does, and no series from them', () => {
    const withFloor = intervals.map((interval, i) => ({
      ...interval,
      eventLoopDelay: new Map([['worker-0', histogramOf(i === 2 ? [90, 7_000] : [90])]]),
    }));
    let hlog = '';
    const log = new IntervalLogWriter((chunk) => (hlog += chunk), 0, header.intervalUs);
    for (const interval of withFloor) log.write(interval);
    const floorText = openMetricsOf(stream, { epochMs, hlog: readIntervalLog(hlog) });
    const le = (bound: string) => linesOf(floorText, `chatload_event_loop_delay_seconds_bucket{run_id="sim-1",shard="0",thread="worker-0",le="${bound}"}`).map((l) => l.split(' ')[1]);
    expect(le('0.0001')).toEqual(['1', '2', '3']);
    expect(le('0.005')).toEqual(['1', '2', '3']);
    expect(le('+Inf')).toEqual(['1', '2', '4']);
    expect(floorText).not.toMatch(/shape="eventloop/);
    expect(linesOf(floorText, 'chatload_latency_seconds_count{')).toEqual(linesOf(text, 'chatload_latency_seconds_count{'));
  });

  it('keeps OpenMetrics order: family header, then each series\' points in time order, # EOF last', () => {
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(text).toMatch(/^# TYPE chatload_operations counter\n# HELP chatload_operations /);
    expect(text).toMatch(/# TYPE chatload_latency_seconds histogram\n/);
    expect(text).toMatch(/# TYPE chatload_run info\n# HELP chatload_run [^\n]+\nchatload_run_info\{[^}]*engine="sim"[^}]*\} 1 /);
    const families = [...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]);
    expect(new Set(families).size).toBe(families.length);
  });

  it('marks the run finished at its last interval only when the stream has its end line', () => {
    expect(linesOf(text, 'chatload_run_finished{').map((l) => l.split(' ')[1])).toEqual(['0', '0', '1']);
    const unfinished = openMetricsOf(streamAndLog(false).stream, { epochMs });
    expect(linesOf(unfinished, 'chatload_run_finished{').map((l) => l.split(' ')[1])).toEqual(['0', '0', '0']);
    expect(unfinished).not.toMatch(/chatload_latency_seconds/);
  });
});

describe('the epoch a stream lands on', () => {
  const nowMs = Date.UTC(2026, 10, 25, 15, 30);
  it('by default the previous calendar day (UTC), at the hour the plan starts', () => {
    expect(new Date(epochMsOf(header, parseEpochDay('previous'), nowMs)).toISOString()).toBe('2026-11-24T06:00:00.000Z');
  });
  it('or a given day, or the run\'s own epoch', () => {
    expect(new Date(epochMsOf(header, parseEpochDay('2026-01-31'), nowMs)).toISOString()).toBe('2026-01-31T06:00:00.000Z');
    expect(epochMsOf({ ...header, runEpochMs: 1234 }, parseEpochDay('run'), nowMs)).toBe(1234);
  });
  it('refuses anything else by name', () => {
    for (const bad of ['yesterday', '2026-02-30', '2026-1-5']) expect(() => parseEpochDay(bad)).toThrow(/--epoch-day expects previous, run or a date YYYY-MM-DD/);
  });
});
