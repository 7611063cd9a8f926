import { type Static, Type } from '@sinclair/typebox';
import { hoursToUs, secondsToUs } from '../units.js';
import { SHAPE_NAMES, type ShapeName } from '../vocabulary.js';

/**
 * What a study measures and how much of it: replicates, populations, windows, the SLOs. One
 * TypeBox schema gives the type and is stored in study.json (with the defaults filled), so a
 * reader knows the sample sizes behind every figure and `--resume` can check it continues the
 * same study. The defaults are sized to finish in about 15 minutes on the project's 2-core VM
 * (README, "The full answer"); each has its reason beside it.
 */

const Count = Type.Integer({ minimum: 1 });
const Users = Type.Number({ minimum: 1 });
const ByShape = <T extends ReturnType<typeof Type.Number>>(value: T) =>
  Type.Object(Object.fromEntries(SHAPE_NAMES.map((shape) => [shape, value])) as Record<ShapeName, T>);

export const StudySettingsSchema = Type.Object({
  /** Sim replicates (seeds) of every replicated point: the whole days, the live cross-check. */
  replicates: Count,
  /** Whole uncompressed days (00:00–24:00, steady start): enrolled users per shape. */
  dayUsers: ByShape(Users),
  quota: Type.Object({
    /** Business-number throughput tiers, messages per second in + out. */
    tiers: Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 1000 }), { minItems: 1 }),
    /** Measured window from the shape's own peak hour on (steady start before it). */
    windowUs: Type.Number({ exclusiveMinimum: 0 }),
    /** Pass: 130429 errors below this share of all operations… */
    maxErrorShare: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
    /** …and the p99 of the time inbound webhooks wait at the quota below this (ms). */
    inboundWaitP99Ms: Type.Number({ exclusiveMinimum: 0 }),
    /** Bracketing factor between probes until one passes and one fails. */
    growth: Type.Number({ exclusiveMinimum: 1 }),
    /** Bisect until (smallest fail ÷ largest pass − 1) is at most this. */
    resolution: Type.Number({ exclusiveMinimum: 0 }),
    /** Probes (bracketing + bisection) per tier, the lowest tier first, the others after it. */
    probes: Type.Array(Count, { minItems: 1 }),
    /** Extra seeds over the final bracket (its low end, middle, high end in turn) per tier. */
    replicates: Type.Array(Type.Integer({ minimum: 0 }), { minItems: 1 }),
  }),
  slots: Type.Object({
    /** The latency SLO the slots must meet (queueing-approx.ts grammar), quota off. */
    slo: Type.String(),
    /** Populations simulated, each at the approximation's slot count c* (and c* − 1 below the largest). */
    simUsers: Type.Array(Users, { minItems: 1 }),
    /** Populations of the curve (M/G/c), from the smallest simulated one to 10⁹. */
    curveUsers: Type.Array(Users, { minItems: 1 }),
    windowUs: Type.Number({ exclusiveMinimum: 0 }),
  }),
  /** Joint-interval draws over the research ranges (analytic). */
  sensitivitySamples: Count,
  /** The live cross-check (`--live`): one point of the chatbot at its peak, played live and in sim. */
  live: Type.Union([
    Type.Null(),
    Type.Object({ users: Users, durationUs: Type.Number({ exclusiveMinimum: 0 }), runs: Count }),
  ]),
});
export type StudySettings = Static<typeof StudySettingsSchema>;

/** Half-decades from 10⁵ to 10⁹: the slots-vs-scale curve (issue 11 §3b). */
export const CURVE_USERS: readonly number[] = [1e5, 3e5, 1e6, 3e6, 1e7, 3e7, 1e8, 3e8, 1e9];

export const DEFAULT_STUDY_SETTINGS: StudySettings = {
  // 20 seeds: a Student-t interval with 19 degrees of freedom (t = 2.09), issue 11 §4.
  replicates: 20,
  // ≈5,750 customer-service and ≈22,500 chatbot conversations a day per replicate (≈1 % noise each).
  dayUsers: { 'customer-service': 500_000, 'general-chatbot': 50_000 },
  quota: {
    tiers: [80, 1000],
    windowUs: hoursToUs(1),
    maxErrorShare: 0.01,
    inboundWaitP99Ms: 1000,
    growth: 1.1,
    resolution: 0.03,
    // At 1,000 msg/s a probe is ≈10⁷ simulated operations (≈1–2 min): three probes, started from
    // the 80 msg/s knee scaled by the tier, are what fits the 15 minutes.
    probes: [6, 3],
    replicates: [3, 0],
  },
  slots: { slo: 'p99<250ms', simUsers: [1e5, 1e6, 1e7], curveUsers: [...CURVE_USERS], windowUs: hoursToUs(1) },
  sensitivitySamples: 10_000,
  live: null,
};

/** The live cross-check's defaults: small enough for one machine, large enough to count (≈50 ops/s at the chatbot's peak). */
export const DEFAULT_LIVE = { users: 500_000, durationUs: secondsToUs(60), runs: 1 } as const;

/** Setting i of a per-tier list, the last one for tiers beyond the list. */
export const perTier = <T>(values: readonly T[], tierIndex: number): T => values[Math.min(tierIndex, values.length - 1)] as T;
