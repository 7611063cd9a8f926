import { type Static, Type } from '@sinclair/typebox';
import { fitKnee, type KneeEstimate } from '../report/logistic-knee.js';
import { usToMs, usToSeconds } from '../units.js';
import type { ShapeName } from '../vocabulary.js';
import type { KneeBracket, KneePhase } from './knee-search.js';
import { type PointMeasure, shapeOf } from './point-measure.js';

/**
 * Users one business number's quota serves (issue 11 §3a): a probe passes when 130429 errors are
 * below `maxErrorShare` of all operations (`errors[130429]<1%` in the threshold grammar) and
 * inbound webhooks do not wait long at the quota. Errors are split into root causes — a rule
 * refusing the call itself — and the follow-on errors they cause later in a conversation.
 */
export const ROOT_CAUSE_CODES: Readonly<Record<string, string>> = {
  '130429': 'throughput quota of the number (msg/s)',
  '131056': 'pair rate (business → one user)',
  '131048': 'spam rate',
  '131016': 'capacity queue full (overload)',
};

export const FOLLOW_ON_CODES: Readonly<Record<string, string>> = {
  '100': 'names a message or media the platform had not served yet (its call still queued, or refused)',
  '131047': 'outside the 24-hour window (the message that would have opened it was refused)',
};

export interface ClassifiedErrors {
  readonly rootCause: Record<string, number>;
  readonly followOn: Record<string, number>;
}

/** Codes neither list names (injected faults, …) count as root causes: nothing earlier made them. */
export function classifyErrors(byCode: Readonly<Record<string, number>>): ClassifiedErrors {
  const rootCause: Record<string, number> = {};
  const followOn: Record<string, number> = {};
  for (const [code, n] of Object.entries(byCode)) (FOLLOW_ON_CODES[code] === undefined ? rootCause : followOn)[code] = n;
  return { rootCause, followOn };
}

export interface QuotaCriteria {
  readonly maxErrorShare: number;
  readonly inboundWaitP99Ms: number;
}

export const QuotaPointSchema = Type.Object({
  users: Type.Number(),
  probe: Type.Integer(),
  phase: Type.String(),
  seed: Type.Integer(),
  pass: Type.Boolean(),
  /** 130429 errors ÷ all operations completed in the window. */
  quotaErrorShare: Type.Number(),
  /** Messages (in + out) offered per second over the window: what the quota is asked to carry. */
  messagesPerSecond: Type.Number(),
  rootCause: Type.Record(Type.String(), Type.Number()),
  followOn: Type.Record(Type.String(), Type.Number()),
  /** Share of inbound messages whose webhook waited at the quota at all, and the longest wait (ms). */
  inboundQueuedShare: Type.Number(),
  inboundMaxWaitMs: Type.Number(),
  detail: Type.String(),
});
export type QuotaPoint = Static<typeof QuotaPointSchema>;

/**
 * The p99 of the inbound webhooks' wait at the quota, from the platform's counters: it is 0 when
 * at most 1 % of them waited at all, and below the bound when the longest wait is; otherwise the
 * counters cannot place it under the bound and the probe counts as failed (a conservative call).
 */
function inboundWaitVerdict(inbound: number, m: PointMeasure, boundMs: number): { pass: boolean; queuedShare: number; maxWaitMs: number; detail: string } {
  const p = m.platform;
  const waited = (p?.inboundQueued ?? 0) + (p?.inboundDropped ?? 0);
  const queuedShare = inbound > 0 ? waited / inbound : 0;
  const maxWaitMs = usToMs(p?.inboundMaxWaitUs ?? 0);
  if (queuedShare <= 0.01) return { pass: true, queuedShare, maxWaitMs, detail: 'inbound wait p99 0 (≤ 1 % waited)' };
  if ((p?.inboundDropped ?? 0) === 0 && maxWaitMs < boundMs) return { pass: true, queuedShare, maxWaitMs, detail: `inbound wait p99 ≤ max ${maxWaitMs.toFixed(0)} ms` };
  return { pass: false, queuedShare, maxWaitMs, detail: `inbound wait: ${(queuedShare * 100).toFixed(1)} % waited, max ${maxWaitMs.toFixed(0)} ms (p99 not shown under ${boundMs} ms)` };
}

export function judgeQuotaPoint(m: PointMeasure, shape: ShapeName, run: { readonly users: number; readonly probe: number; readonly phase: KneePhase; readonly seed: number }, criteria: QuotaCriteria): QuotaPoint {
  const s = shapeOf(m, shape);
  const inbound = s?.sent.inbound ?? 0;
  const out = (s?.sent.send ?? 0) + (s?.sent.template ?? 0) + (s?.sent.interactive ?? 0);
  const quotaErrorShare = m.all.completed > 0 ? (m.all.errorsByCode['130429'] ?? 0) / m.all.completed : 0;
  const wait = inboundWaitVerdict(inbound, m, criteria.inboundWaitP99Ms);
  const errorsPass = quotaErrorShare < criteria.maxErrorShare;
  const { rootCause, followOn } = classifyErrors(m.all.errorsByCode);
  return {
    ...run,
    pass: errorsPass && wait.pass && !m.interrupted,
    quotaErrorShare,
    messagesPerSecond: (inbound + out) / Math.max(1e-9, usToSeconds(m.elapsedUs)),
    rootCause,
    followOn,
    inboundQueuedShare: wait.queuedShare,
    inboundMaxWaitMs: wait.maxWaitMs,
    detail: `130429 ${(quotaErrorShare * 100).toFixed(2)} % of operations (limit ${criteria.maxErrorShare * 100} %); ${wait.detail}`,
  };
}

const Maybe = Type.Union([Type.Number(), Type.Null()]);

export const KneeFitSchema = Type.Object({
  knee: Maybe,
  low: Maybe,
  high: Maybe,
  level: Type.Number(),
  slope: Maybe,
  intercept: Maybe,
  separated: Type.Boolean(),
  /** For separated outcomes: the largest pass and smallest fail (the search's resolution, not uncertainty). */
  resolution: Type.Union([Type.Null(), Type.Object({ low: Type.Number(), high: Type.Number() })]),
  outcomes: Type.Integer(),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type KneeFit = Static<typeof KneeFitSchema>;

const finite = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/** The logistic knee of every probe's outcome (report/logistic-knee.ts), in JSON-safe form. */
export function kneeFitOf(points: readonly QuotaPoint[]): KneeFit {
  const estimate: KneeEstimate = fitKnee(points.map((p) => ({ population: p.users, passed: p.pass })));
  return {
    knee: finite(estimate.knee),
    low: finite(estimate.low),
    high: finite(estimate.high),
    level: estimate.level,
    slope: finite(estimate.slope),
    intercept: finite(estimate.intercept),
    separated: estimate.separated,
    resolution: estimate.resolution ?? null,
    outcomes: estimate.outcomes,
    reason: estimate.reason ?? null,
  };
}

export const QuotaTierSchema = Type.Object({
  tier: Type.Number(),
  /** Users whose mean message rate over the peak hour equals the tier (profile): the search's yardstick. */
  usersAtTierRate: Type.Number(),
  priorUsers: Type.Number(),
  points: Type.Array(QuotaPointSchema),
  bracket: Type.Object({ pass: Maybe, fail: Maybe }),
  fit: KneeFitSchema,
  /** Whether the search finished (false in a partial study). */
  complete: Type.Boolean(),
});
export type QuotaTier = Static<typeof QuotaTierSchema>;

export function quotaTierOf(tier: number, usersAtTierRate: number, priorUsers: number, points: readonly QuotaPoint[], bracket: KneeBracket, complete: boolean): QuotaTier {
  return {
    tier,
    usersAtTierRate,
    priorUsers,
    points: [...points],
    bracket: { pass: bracket.pass ?? null, fail: bracket.fail ?? null },
    fit: kneeFitOf(points),
    complete,
  };
}
