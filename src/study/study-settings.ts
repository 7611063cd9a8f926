import { type Static, Type } from '@sinclair/typebox';
import { hoursToUs, secondsToUs } from '../units.js';
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

/** Half-decades from 10⁵ to 10⁹: the slots-vs-scale curve (issue 11 §3b). */
export const CURVE_USERS: readonly number[] = [1e5, 3e5, 1e6, 3e6, 1e7, 3e7, 1e8, 3e8, 1e9];

export const DEFAULT_STUDY_SETTINGS: StudySettings = {
  // 20 seeds: a Student-t interval with 19 degrees of freedom (t = 2.09), issue 11 §4.
  replicates: 20,
  // ≈8,000 customer-service (× 0.7 % active × 1.15) and ≈24,000 chatbot (× 8 % × 3) conversations
  // a day per replicate, ≈1 % noise each; a day costs ≈1.6 s of CPU, 40 of them ≈1 min.
  dayUsers: { 'customer-service': 1_000_000, 'general-chatbot': 100_000 },
  quota: {
    tiers: [80, 1000],
    // The whole peak hour: the first minutes of it still carry the previous hour's conversations, so
    // a 10-minute window passes populations the hour fails (585 M customer-service users at
    // 1,000 msg/s, seed 42: 0 % 130429 over 10:00–10:10, 1.6 % over the hour).
    windowUs: hoursToUs(1),
    // The criterion, errors[130429]<1% (issue 11 §3a), and a stated bound on inbound webhook delay.
    maxErrorShare: 0.01,
    inboundWaitP99Ms: 1000,
    // The knee lies within a few per cent of the tier's rate ÷ the peak rate per user (the prior):
    // ±10 % steps bracket it in one or two probes, bisection to 3 % in two more.
    growth: 1.1,
    resolution: 0.03,
    // CPU per probe (one core, bench/study-cost.mjs): ≈4 s at 80 msg/s; at 1,000 msg/s ≈1.2 × 10⁷
    // simulated operations (the 81–92 min pre-roll and the hour), ≈72 s customer service, ≈91 s
    // chatbot — three quarters of the study. Three there, started from the 80 msg/s knee scaled by
    // the tier, keep the study near 11 min of CPU (≈5½ min on 2 quiet cores); six at 80 msg/s are cheap.
    probes: [6, 3],
    // Three more seeds over the 80 msg/s bracket (≈12 s) show whether outcomes overlap there; at
    // 1,000 msg/s each would cost 1½ min, so that knee is its bracket (shown as resolution).
    replicates: [3, 0],
  },
  slots: {
    // Decision 0034: the mean wait for a slot, what slots control and what the sim measures as
    // the approximation defines it; 10 ms is a third of the mean service time (≈30 ms).
    slo: 'wait.mean<10ms',
    // 10⁷ is the largest a sim check affords (≈16 s CPU for the chatbot); the curve goes on in M/G/c.
    simUsers: [1e5, 1e6, 1e7],
    curveUsers: [...CURVE_USERS],
    windowUs: hoursToUs(1),
  },
  // ≈5 s of CPU; the 2.5 % and 97.5 % quantiles each rest on 250 draws.
  sensitivitySamples: 10_000,
  live: null,
};

/** The live cross-check's defaults: small enough for one machine, large enough to count (≈50 ops/s at the chatbot's peak). */
export const DEFAULT_LIVE = { users: 500_000, durationUs: secondsToUs(60), runs: 1 } as const;

/** Setting i of a per-tier list, the last one for tiers beyond the list. */
export const perTier = <T>(values: readonly T[], tierIndex: number): T => values[Math.min(tierIndex, values.length - 1)] as T;
