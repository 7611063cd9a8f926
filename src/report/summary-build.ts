import { encodeHistogram } from '../metrics/hdr-settings.js';
import type { RunResult } from '../metrics/run-result.js';
import {
  addWebhookShapeTally,
  emptyWebhookShapeTally,
  pricingTotals,
  UNATTRIBUTED,
  type WebhookShapeTally,
  type WebhookTally,
} from '../metrics/webhook-tally.js';
import { maskScenarioSecrets } from '../scenario/mask-secrets.js';
import { timeBaseOf } from '../traffic/time-base.js';
import { usToSeconds } from '../units.js';
import { percentilesUs, sortedByKey, summarizeSeries } from './series-summary.js';
import { countedWindowUs, loadPerUserDaySummary, timeBaseSummary } from './user-day-section.js';
import {
  SUMMARY_SCHEMA_VERSION,
  type SeriesSummary,
  type SummaryJson,
  type ThresholdVerdict,
  type WebhookShapeSummary,
  type WebhookSummary,
} from './summary-schema.js';

/** The summary.json object of a run (pass `series` when the caller already summarized it for thresholds). */
export function buildSummary(
  result: RunResult,
  verdicts: readonly ThresholdVerdict[],
  series: readonly SeriesSummary[] = summarizeSeries(result.series, result.elapsedUs),
): SummaryJson {
  const webhooks = summarizeWebhooks(result);
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    runId: result.runId,
    engine: result.engine,
    epochMs: result.epochMs,
    elapsedSeconds: usToSeconds(result.elapsedUs),
    plannedDurationSeconds: usToSeconds(result.plannedDurationUs),
    interrupted: result.interrupted,
    partial: false,
    workers: result.workers,
    target: result.target === null ? null : { ...result.target },
    scenario: maskScenarioSecrets(result.scenario),
    planFingerprint: result.planFingerprint,
    shard: result.shard === null ? null : { ...result.shard },
    intervalSeconds: usToSeconds(result.intervalUs),
    series: [...series],
    thresholds: [...verdicts],
    platformStats: result.platformStats ?? null,
    webhooks,
    warnings: [...result.warnings],
    notes: [...result.notes],
    ...userDaySections(result, series, webhooks),
  };
}

/** The time base, and (for a whole population, not a shard) the load per user-day (issue 11 §2, §6). */
function userDaySections(result: RunResult, series: readonly SeriesSummary[], webhooks: WebhookSummary): Pick<SummaryJson, 'timeBase' | 'loadPerUserDay'> {
  const windowUs = countedWindowUs(result.scenario, result.elapsedUs);
  const base = timeBaseOf(result.scenario, windowUs);
  return {
    timeBase: timeBaseSummary(base),
    ...(result.shard === null ? { loadPerUserDay: loadPerUserDaySummary({ scenario: result.scenario, engine: result.engine, windowUs, base }, series, webhooks) } : {}),
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
    pricing: structuredClone(t.pricing),
    pricingTypes: { ...t.pricingTypes },
    delayUs: percentilesUs(t.delayUs),
    delayUnmeasured: t.delayUnmeasured,
    delayHistogram: encodeHistogram(t.delayUs),
    originDelayUs: percentilesUs(t.originDelayUs),
    originDelayHistogram: encodeHistogram(t.originDelayUs),
    failedByCode: sortedByKey(t.failedByCode),
  };
}

/** The run's webhook section: every shape of the mix (zeros included), then unattributed updates, then all. */
export function summarizeWebhooks(result: RunResult): WebhookSummary {
  const tally: WebhookTally | undefined = result.webhooks;
  if (tally === undefined) {
    const note =
      result.target === null || result.target.embeddedMock
        ? 'not measured: webhooks are disabled in the mock settings'
        : `not measured: the target ${result.target.url} sends its webhooks elsewhere`;
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
