import type { StudySettings } from './study-settings.js';
import { hoursToUs, secondsToUs } from '../units.js';

// The defaults apart from the schema, so the CLI's option table can show them without loading TypeBox.

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
