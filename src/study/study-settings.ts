import { type Static, Type } from '@sinclair/typebox';
import { SHAPE_NAMES, type ShapeName } from '../vocabulary.js';

/**
 * What a study measures and how much of it: replicates, populations, windows, the SLOs. One
 * TypeBox schema gives the type and is stored in study.json (with the defaults filled), so a
 * reader knows the sample sizes behind every figure and `--resume` can check it continues the
 * same study. The defaults are sized to finish well within 15 minutes on the project's 2-core VM
 * when it is quiet (≈11 min of CPU on two threads; README, "The full answer"); each has its
 * reason beside it.
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

export { CURVE_USERS, DEFAULT_LIVE, DEFAULT_STUDY_SETTINGS } from './study-defaults.js';

/** Setting i of a per-tier list, the last one for tiers beyond the list. */
export const perTier = <T>(values: readonly T[], tierIndex: number): T =>
  values[Math.min(tierIndex, values.length - 1)] as T;
