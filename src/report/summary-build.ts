import { compareLoopThreads } from '../metrics/event-loop-delay.js';
import { encodeHistogram, type Histogram } from '../metrics/hdr-settings.js';
import type { RunResult } from '../metrics/run-result.js';
import {
  addWebhookShapeTally,
  emptyWebhookShapeTally,
  pricingTotals,
  UNATTRIBUTED,
  type WebhookShapeTally,
  type WebhookTally,
} from '../metrics/webhook-tally.js';
import type { PlatformStats } from '../platform/platform-stats.js';
import { maskScenarioSecrets } from '../scenario/mask-secrets.js';
import { usToSeconds } from '../units.js';
import { percentilesUs, sortedByKey, summarizeSeries } from './series-summary.js';
import {
  type EventLoopDelaySummary,
  SUMMARY_SCHEMA_VERSION,
  type SeriesSummary,
  type SummaryJson,
  type ThresholdVerdict,
  type WebhookShapeSummary,
  type WebhookSummary,
} from './summary-schema.js';

/** The summary.json object of a run (pass `series` when the caller already summarized it for thresholds). */
export function buildSummary(
  result: Omit<RunResult, 'provenance'>,
  verdicts: readonly ThresholdVerdict[],
  series: readonly SeriesSummary[] = summarizeSeries(result.series, result.elapsedUs),
): SummaryJson {
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    runId: result.runId,
    engine: result.engine,
    epochMs: result.epochMs,
    elapsedSeconds: usToSeconds(result.elapsedUs),
    plannedDurationSeconds: usToSeconds(result.plannedDurationUs),
    interrupted: result.interrupted,
    partial: result.partial ?? false,
    workers: result.workers,
    target: result.target === null ? null : { ...result.target },
    scenario: maskScenarioSecrets(result.scenario),
    planFingerprint: result.planFingerprint,
    shard: result.shard === null ? null : { ...result.shard },
    intervalSeconds: usToSeconds(result.intervalUs),
    series: [...series],
    thresholds: [...verdicts],
    platformStats: result.platformStats === undefined ? null : orderedPlatformStats(result.platformStats),
    webhooks: summarizeWebhooks(result),
    ...(result.eventLoopDelay === undefined ? {} : { eventLoopDelay: summarizeEventLoopDelay(result.eventLoopDelay) }),
    warnings: [...result.warnings],
    notes: [...result.notes],
    ...(result.start === undefined ? {} : { start: { ...result.start } }),
    ...(result.merge === undefined
      ? {}
      : { merge: { ...result.merge, shards: result.merge.shards.map((shard) => ({ ...shard })), missing: [...result.merge.missing] } }),
  };
}

/**
 * Platform statistics with their by-name records in key order: a record's keys otherwise come
 * in the order the first cluster met them, so clusters merged in another grouping (a sim's
 * shards) would write other bytes (decision 0004).
 */
function orderedPlatformStats(stats: PlatformStats): PlatformStats {
  return {
    ...stats,
    requests: sortedByKey(stats.requests),
    errors: sortedByKey(stats.errors),
    webhooks: { ...stats.webhooks, updates: sortedByKey(stats.webhooks.updates) },
    pricing: sortedRecord(stats.pricing),
  };
}

function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, structuredClone(v)]));
}

/** What a summary rebuilt from an unfinished run's interval files says of itself (terminal and report). */
export const PARTIAL_TEXT =
  "rebuilt after an unfinished run: partial — whole intervals only, from scenario.json, histograms.hlog and intervals.ndjson; the platform's counters and the webhooks are not recovered";

export const EVENT_LOOP_DELAY_NOTE =
  "event-loop delay: how late each thread's 1 ms timer ran (perf_hooks.monitorEventLoopDelay, the tick gap minus 1 ms), over the run after its start; a latency measured on or through that thread may carry it";

/** What the floor says, in one line (terminal summary and report). */
export const FLOOR_MEANING = 'latency differences smaller than the event-loop delay p99 cannot be attributed to the platform';

/** Why a sim has no floor, in one line. */
export const SIM_FLOOR_NOTE =
  'event-loop delay: none in a sim (virtual time: no event loop stands between the platform model and its measurement)';

/** The measurement floor section: each thread's delay (coordinator, mock, workers in order) and the highest p99. */
export function summarizeEventLoopDelay(byThread: ReadonlyMap<string, Histogram>): EventLoopDelaySummary {
  const threads = [...byThread]
    .sort(([a], [b]) => compareLoopThreads(a, b))
    .map(([thread, histogram]) => ({ thread, delayUs: percentilesUs(histogram), histogram: encodeHistogram(histogram) }));
  return {
    note: EVENT_LOOP_DELAY_NOTE,
    threads,
    p99Us: threads.reduce((highest, t) => Math.max(highest, t.delayUs.p99), 0),
  };
}

/** The scenario's lateness warning level (µs); none in sim, where nothing sends late. */
export function latenessWarnUsOf(summary: Pick<SummaryJson, 'scenario' | 'engine'>): number | undefined {
  return summary.engine === 'sim' ? undefined : summary.scenario.load.latenessWarnUs;
}

/** The scenario's name. */
export function scenarioNameOf(summary: Pick<SummaryJson, 'scenario'>): string | undefined {
  return summary.scenario.name;
}

export const WEBHOOK_DELAY_FROM =
  "delay: the mock's send of the POST (stamped on the host's monotonic clock) to the receiver having the whole body; " +
  "origin delay: the user's message reaching the platform (or the business message's acceptance) to the update received, " +
  'quota queueing, modelled sent/delivered/read delays and batching included';
const SIM_DELAY_FROM =
  'origin delay: the modelled delay from the user message reaching the platform (or the acceptance), quota queueing included; no transit';

const WEBHOOK_NOTE = {
  live: 'webhooks of the embedded mock, received on loopback by the run; statuses still due when it ended (delivered/read of its last moments) are not counted',
  sim: "webhooks the platform model emitted (no HTTP, no JSON): updates due before the run's end are counted, later ones are not; POSTs = updates unless batching is on",
} as const;

function shapeSummary(shape: string, t: WebhookShapeTally, elapsedSeconds: number): WebhookShapeSummary {
  const { billable, free } = pricingTotals(t);
  return {
    shape,
    posts: t.posts,
    updates: t.updates,
    updatesPerSecond: elapsedSeconds > 0 ? t.updates / elapsedSeconds : 0,
    messages: t.messages,
    statuses: { ...t.statuses },
    bytes: Math.round(t.bytes),
    signatureFailures: t.signatureFailures,
    billable,
    free,
    pricing: sortedRecord(t.pricing),
    pricingTypes: sortedByKey(t.pricingTypes),
    delayUs: percentilesUs(t.delayUs),
    delayUnmeasured: t.delayUnmeasured,
    delayHistogram: encodeHistogram(t.delayUs),
    originDelayUs: percentilesUs(t.originDelayUs),
    originDelayHistogram: encodeHistogram(t.originDelayUs),
    failedByCode: sortedByKey(t.failedByCode),
  };
}

/** The run's webhook section: every shape of the mix (zeros included), then unattributed updates, then all. */
export function summarizeWebhooks(result: Omit<RunResult, 'provenance'>): WebhookSummary {
  const tally: WebhookTally | undefined = result.webhooks;
  if (tally === undefined) {
    const note = result.partial && result.merge === undefined
      ? 'not recovered: the run did not finish (rebuilt from its interval files)'
      : result.target === null || result.target.embeddedMock
        ? 'not measured: webhooks are disabled in the mock settings'
        : `not measured: the target ${result.target.url} sends its webhooks to its own subscriber, not to this run, ` +
          'and no shared receiver is configured (shards of one run would need one); what the platform sent is in platformStats.webhooks when the target reports it';
    return {
      measured: false,
      note,
      delayFrom: null,
      posts: 0,
      bytes: 0,
      rejectedPosts: 0,
      malformedPosts: 0,
      shapes: [],
      total: null,
    };
  }
  const elapsedSeconds = usToSeconds(result.elapsedUs);
  const names = [
    ...new Set([
      ...result.scenario.traffic.mix.map((m) => m.shape),
      ...[...tally.shapes.keys()].filter((k) => k !== UNATTRIBUTED),
    ]),
  ];
  if (tally.shapes.has(UNATTRIBUTED)) names.push(UNATTRIBUTED);
  const total = emptyWebhookShapeTally();
  const shapes = names.map((name) => {
    const t = tally.shapes.get(name) ?? emptyWebhookShapeTally();
    addWebhookShapeTally(total, t);
    return shapeSummary(name, t, elapsedSeconds);
  });
  // A batch serving two shapes counts once per shape above but once in all.
  total.posts = tally.posts - tally.rejectedPosts - tally.malformedPosts;
  return {
    measured: true,
    note: WEBHOOK_NOTE[result.engine],
    delayFrom: result.engine === 'sim' ? SIM_DELAY_FROM : WEBHOOK_DELAY_FROM,
    posts: tally.posts,
    bytes: tally.bytes,
    rejectedPosts: tally.rejectedPosts,
    malformedPosts: tally.malformedPosts,
    shapes,
    total: shapeSummary('*', total, elapsedSeconds),
  };
}
