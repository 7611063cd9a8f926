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
import { usToSeconds } from '../units.js';
import { percentilesUs, summarizeSeries } from './series-summary.js';
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
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    runId: result.runId,
    toolVersion: result.toolVersion,
    startedAt: new Date(result.startedAtEpochMs).toISOString(),
    elapsedSeconds: usToSeconds(result.elapsedUs),
    plannedDurationSeconds: usToSeconds(result.plannedDurationUs),
    interrupted: result.interrupted,
    machine: result.machine,
    workers: result.workers,
    target: { url: result.targetUrl, embeddedMock: result.embeddedMock },
    scenario: result.scenario,
    intervalSeconds: usToSeconds(result.intervalUs),
    series,
    thresholds: verdicts,
    platformStats: result.platformStats ?? null,
    webhooks: summarizeWebhooks(result),
    warnings: result.warnings,
  };
}

/** The scenario's lateness warning level (µs), read defensively: summary.scenario is opaque JSON. */
export function latenessWarnUsOf(summary: Pick<SummaryJson, 'scenario'>): number | undefined {
  const scenario = summary.scenario as { load?: { latenessWarnUs?: unknown } } | null | undefined;
  const value = scenario?.load?.latenessWarnUs;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The scenario's name, when summary.scenario carries one. */
export function scenarioNameOf(summary: Pick<SummaryJson, 'scenario'>): string | undefined {
  const scenario = summary.scenario as { name?: unknown } | null | undefined;
  return typeof scenario?.name === 'string' ? scenario.name : undefined;
}

export const WEBHOOK_DELAY_FROM =
  "the mock's send of the POST (stamped on the process's monotonic clock) to the receiver having the whole body; " +
  'excludes the batching wait (≤ webhooks.batchWindowMs) and the modelled sent/delivered/read delays';

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
  };
}

/** The run's webhook section: every shape of the mix (zeros included), then unattributed updates, then all. */
export function summarizeWebhooks(result: RunResult): WebhookSummary {
  const tally: WebhookTally | undefined = result.webhooks;
  if (tally === undefined) {
    const note = result.embeddedMock ? 'not measured: webhooks are disabled in the mock settings' : `not measured: the target ${result.targetUrl} sends its webhooks elsewhere`;
    return { measured: false, note, delayFrom: null, posts: 0, bytes: 0, rejectedPosts: 0, malformedPosts: 0, shapes: [], total: null };
  }
  const elapsedSeconds = usToSeconds(result.elapsedUs);
  const names = [...new Set([...result.scenario.traffic.mix.map((m) => m.shape), ...[...tally.shapes.keys()].filter((k) => k !== UNATTRIBUTED)])];
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
    note: 'webhooks of the embedded mock, received on loopback by the run; statuses still due when it ended (delivered/read of its last moments) are not counted',
    delayFrom: WEBHOOK_DELAY_FROM,
    posts: tally.posts,
    bytes: tally.bytes,
    rejectedPosts: tally.rejectedPosts,
    malformedPosts: tally.malformedPosts,
    shapes,
    total: shapeSummary('*', total, elapsedSeconds),
  };
}
