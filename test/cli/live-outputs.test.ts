import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context.js';
import { liveOutputOptionsOf } from '../../src/cli/live-output-options.js';
import { startLiveOutputs } from '../../src/cli/live-outputs.js';
import { parseIntervalStream } from '../../src/metrics/interval-stream-parse.js';
import { addCounters } from '../../src/metrics/exact-merge.js';
import { emptyPlatformStats } from '../../src/platform/platform-stats.js';
import type { ClosedInterval, SeriesAggregate } from '../../src/metrics/run-aggregate.js';
import type { RunResult } from '../../src/metrics/run-result.js';
import type { SeriesKey } from '../../src/metrics/series-key.js';
import { emptyWebhookTally, shapeTallyOf } from '../../src/metrics/webhook-tally.js';
import { loadScenarioFile } from '../../src/scenario/load-scenario.js';
import { monotonicNowUs } from '../../src/units.js';
import { tempDir } from '../e2e/cli-helpers.js';
import { samplesOf, sumOf } from '../export/exposition-samples.js';
import { closedIntervalOf, seriesAggregateOf } from '../metrics/closed-interval-fixture.js';

const scenario = loadScenarioFile('scenarios/smoke.yaml');

function context(): CliContext & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), isTTY: false, env: {}, cwd: process.cwd(), interrupt: new AbortController().signal };
}

const intervals: ClosedInterval[] = [
  closedIntervalOf(0, 2, { 'general-chatbot/send': { latencyUs: [900, 20_000], counters: { sent: 3, count: 2, errors: 1, errorsByCode: { '130429': 1 }, conversationsStarted: 1 } } }),
  closedIntervalOf(1, 0, { 'general-chatbot/send': { latencyUs: [1_500], counters: { sent: 0, count: 1 } }, 'customer-service/inbound': { latencyUs: [700], counters: { sent: 1, count: 1 } } }),
];

/** The run's totals, as the run aggregate would hold them after these intervals. */
function totalsOf(closed: readonly ClosedInterval[]): Map<SeriesKey, SeriesAggregate> {
  const totals = new Map<SeriesKey, SeriesAggregate>();
  for (const interval of closed) {
    for (const [key, series] of interval.series) {
      const total = totals.get(key) ?? seriesAggregateOf({});
      total.latency.add(series.latency);
      addCounters(total.counters, series.counters);
      totals.set(key, total);
    }
  }
  return totals;
}

const stats = (() => {
  const s = emptyPlatformStats(64);
  s.requests = { send: 3 };
  s.errors = { '130429': 1 };
  s.capacity.maxQueueDepth = 4;
  s.webhooks = { updates: { messages: 0, sent: 2, delivered: 0, read: 0, failed: 0 }, posts: 1, delivered: 2, failedAttempts: 0, retries: 0, dropped: 0 };
  return s;
})();

function resultOf(totals: Map<SeriesKey, SeriesAggregate>, webhooks = emptyWebhookTally()): RunResult {
  return {
    runId: 'live-1',
    engine: 'live',
    scenario,
    epochMs: Date.now(),
    workers: 1,
    target: { url: 'http://127.0.0.1:1', embeddedMock: true },
    planFingerprint: 'sha256:test',
    shard: null,
    elapsedUs: 2_100_000,
    plannedDurationUs: scenario.durationUs,
    interrupted: false,
    intervalUs: scenario.load.intervalUs,
    series: totals,
    intervals: [],
    platformStats: stats,
    webhooks,
    warnings: [],
    notes: [],
    provenance: { runId: 'live-1', toolVersion: '0.1.0', gitCommit: null, lockfileSha256: null, node: process.version, host: { cpus: 2, cpuModel: 'test', totalMemoryBytes: 1, platform: 'linux', arch: 'x64' }, argv: [], startedAt: new Date().toISOString(), wallSeconds: 2, threads: 1, peakRssBytes: 1 },
  };
}

describe('live outputs of a run', () => {
  it('start nothing when no live output was asked for', async () => {
    expect(await startLiveOutputs(liveOutputOptionsOf({ 'metrics-host': '127.0.0.1', 'metrics-linger': '2s' }), { runId: 'r', scenario }, context())).toBeUndefined();
  });

  it('tee the interval stream, serve /metrics with the final counts, and linger for the final scrape', async () => {
    const ctx = context();
    const file = path.join(tempDir('live-outputs'), 'nested', 'live.ndjson');
    const options = liveOutputOptionsOf({ 'metrics-port': 0, 'metrics-host': '127.0.0.1', 'metrics-linger': '150ms', ndjson: file }, { index: 1, count: 3 });
    const live = await startLiveOutputs(options, { runId: 'live-1', scenario }, ctx);
    if (!live) throw new Error('expected live outputs');
    const url = /Prometheus metrics at (\S+)/.exec(ctx.err.join(''))?.[1] ?? '';
    const tally = emptyWebhookTally();
    live.onTargetReady({ baseUrl: 'http://127.0.0.1:1', embeddedMock: true, webhooks: tally });
    live.onStart(monotonicNowUs() + 50_000);
    for (const interval of intervals) live.onInterval(interval);
    shapeTallyOf(tally, 'general-chatbot').messages = 4; // a late webhook, after the last interval
    const during = samplesOf(await (await fetch(url)).text());
    expect(sumOf(during, 'chatload_run_finished')).toBe(0);
    expect(sumOf(during, 'chatload_webhook_updates_total')).toBe(0);
    const totals = totalsOf(intervals);
    await live.finish(resultOf(totals, tally));
    const after = samplesOf(await (await fetch(url)).text());
    expect(sumOf(after, 'chatload_run_finished', { run_id: 'live-1', shard: '1' })).toBe(1);
    expect(sumOf(after, 'chatload_operations_total')).toBe(4);
    expect(sumOf(after, 'chatload_errors_total', { code: '130429' })).toBe(1);
    expect(sumOf(after, 'chatload_webhook_updates_total', { kind: 'message' })).toBe(4);
    // The embedded mock is gone: its view is the statistics the run took at its end.
    expect(sumOf(after, 'chatload_mock_queue_depth_max')).toBe(4);
    await live.close();
    expect(ctx.err.join('')).not.toMatch(/warning/);
    await expect(fetch(url)).rejects.toThrow();
    const stream = parseIntervalStream(readFileSync(file, 'utf8'));
    expect(stream.header).toMatchObject({ runId: 'live-1', scenario: 'smoke', shard: { index: 1, count: 3 }, intervalUs: scenario.load.intervalUs });
    expect(stream.intervals.map((i) => i.series.length)).toEqual([1, 2]);
    expect(stream.end).toEqual({ kind: 'end', intervals: 2, interrupted: false, elapsedUs: 2_100_000 });
    expect(stream.intervals[1]?.close.endEpochMs).toBe(stream.header.runEpochMs + 2_000);
  });

  it("write the stream to stdout for '-', and warn when nobody scraped after the end or counts differ", async () => {
    const ctx = context();
    const options = liveOutputOptionsOf({ 'metrics-port': 0, 'metrics-host': '127.0.0.1', 'metrics-linger': '50ms', ndjson: '-' });
    const live = await startLiveOutputs(options, { runId: 'live-2', scenario }, ctx);
    if (!live) throw new Error('expected live outputs');
    live.onTargetReady({ baseUrl: 'http://127.0.0.1:1', embeddedMock: false, webhooks: undefined });
    live.onStart(monotonicNowUs());
    live.onInterval(intervals[1]!);
    await live.finish(resultOf(totalsOf(intervals)));
    await live.close();
    const stream = parseIntervalStream(ctx.out.join(''));
    expect(stream.intervals).toHaveLength(1);
    const warnings = ctx.err.join('');
    expect(warnings).toMatch(/warning: exported counters differ from the run's totals: general-chatbot\/send count: exported 1, run total 3/);
    expect(warnings).toMatch(/warning: no scrape came after the run ended/);
  });

  it('refuse bad option values by name', () => {
    const base = { 'metrics-host': '127.0.0.1', 'metrics-linger': '2s' };
    expect(() => liveOutputOptionsOf({ ...base, 'metrics-port': 70_000 })).toThrow(/--metrics-port expects 0–65535, got 70000/);
    expect(() => liveOutputOptionsOf({ ...base, 'metrics-linger': 'soon' })).toThrow(/--metrics-linger expects a duration such as 2s, got "soon"/);
    expect(() => liveOutputOptionsOf({ ...base, 'push-gateway': 'localhost:9091' })).toThrow(/--push-gateway expects an http\(s\) URL/);
  });
});
