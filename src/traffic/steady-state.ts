import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import type { ResolvedMixEntry } from '../scenario/traffic-schema.js';
import { OP_KINDS, type OpKind } from './operation.js';
import { createRng, STREAM } from './rng.js';
import { createShapeGenerator } from './shape-generator.js';

/**
 * How long before t = 0 conversations must start for a run to begin in steady state. A
 * conversation started a before 0 still has operations after 0 when its span exceeds a, so a
 * pre-roll of the span's q-quantile leaves out a share 1 − q of the conversations under way at
 * t = 0 (the longest ones, and only their ops after the pre-roll horizon). The span distribution
 * has no closed form (sums of lognormal think and reply times), so it is sampled: a fixed seed and
 * sample size make the pre-roll a property of the traffic model, the same for every run seed.
 */

/** The span quantile a pre-roll of 'auto' covers: 99.9 % of conversations end within it. */
export const PRE_ROLL_SPAN_QUANTILE = 0.999;
/** Conversations sampled per shape: the 99.9th percentile then rests on 20 spans above it. */
export const PRE_ROLL_SAMPLE_SIZE = 20_000;
const PRE_ROLL_SEED = 0x5eed;

/** Span (first to last op, µs) of `sampleSize` conversations of one mix entry, ascending. */
export function sampleConversationSpansUs(entry: ResolvedMixEntry, sampleSize: number, seed = PRE_ROLL_SEED): number[] {
  const generate = createShapeGenerator(entry);
  const spans: number[] = [];
  for (let i = 0; i < sampleSize; i += 1) {
    const ops = generate(createRng(seed, STREAM.preRollSample, i), { conversationId: i, userId: 0, startUs: 0, endUs: Number.POSITIVE_INFINITY });
    spans.push(ops.length === 0 ? 0 : (ops[ops.length - 1]?.atUs ?? 0));
  }
  return spans.sort((a, b) => a - b);
}

/** The q-quantile of a sorted sample (the smallest value with at least q of the sample at or below it). */
function sampleQuantile(sorted: readonly number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? 0;
}

// Shape parameters are frozen and shared by scenario copies ({ ...scenario, seed }), so the
// sample is drawn once per parameter set.
const spanQuantileCache = new WeakMap<object, number>();

/** The 99.9th percentile of a mix entry's conversation span, µs (sampled once per parameter set). */
export function spanQuantileUs(entry: ResolvedMixEntry): number {
  const cached = spanQuantileCache.get(entry.params);
  if (cached !== undefined) return cached;
  const value = sampleQuantile(sampleConversationSpansUs(entry, PRE_ROLL_SAMPLE_SIZE), PRE_ROLL_SPAN_QUANTILE);
  spanQuantileCache.set(entry.params, value);
  return value;
}

// Σ of each op's offset from its conversation's start, averaged (µs·ops), per parameter set.
const holdCache = new WeakMap<object, number>();
/** Conversations sampled for the hold: a mean, so fewer than the quantile needs. */
const HOLD_SAMPLE_SIZE = 2_000;

/**
 * Op-µs a conversation of this mix entry holds in the plan: its ops are drafted when it starts
 * and each is released when played, so op i is held for its offset. By Little's law, conversation
 * starts per µs × this = ops held by the plan at once (what a sim thread's heap is sized by).
 */
export function conversationHoldUs(entry: ResolvedMixEntry): number {
  const cached = holdCache.get(entry.params);
  if (cached !== undefined) return cached;
  const generate = createShapeGenerator(entry);
  let total = 0;
  for (let i = 0; i < HOLD_SAMPLE_SIZE; i += 1) {
    const ops = generate(createRng(PRE_ROLL_SEED, STREAM.preRollSample, 2, i), { conversationId: i, userId: 0, startUs: 0, endUs: Number.POSITIVE_INFINITY });
    for (const op of ops) total += op.atUs;
  }
  const value = total / HOLD_SAMPLE_SIZE;
  holdCache.set(entry.params, value);
  return value;
}

/** The pre-roll a run uses: the scenario's fixed one, or for 'auto' the longest shape's span quantile. */
export function preRollUsOf(scenario: Pick<ResolvedScenario, 'clock' | 'traffic'>): number {
  const { preRollUs } = scenario.clock;
  if (preRollUs !== 'auto') return preRollUs;
  return Math.ceil(Math.max(0, ...scenario.traffic.mix.map(spanQuantileUs)));
}

/**
 * Dispersion index Var/mean of the count of each op kind in a window of `windowUs`, for a
 * stationary stream of one mix entry's conversations. Starts are Poisson and conversations
 * independent, so the count is compound Poisson: Var/mean = E[K²]/E[K], K = one conversation's
 * ops of that kind in the window, its start uniform over the times that can reach the window.
 * Each sampled conversation is placed uniformly over its own reach [−span, window) and weighted
 * by that length, which gives the same ratio with far fewer empty draws. 1 = Poisson; clustered
 * ops (several inbound messages of one conversation in one minute) give more.
 */
export function windowCountDispersion(entry: ResolvedMixEntry, windowUs: number, sampleSize = 5_000, seed = PRE_ROLL_SEED): Record<OpKind, number> {
  const generate = createShapeGenerator(entry);
  const first = emptyCounts();
  const second = emptyCounts();
  for (let i = 0; i < sampleSize; i += 1) {
    const rng = createRng(seed, STREAM.preRollSample, 1, i);
    const ops = generate(rng, { conversationId: i, userId: 0, startUs: 0, endUs: Number.POSITIVE_INFINITY });
    const spanUs = ops[ops.length - 1]?.atUs ?? 0;
    const reachUs = spanUs + windowUs;
    const offsetUs = -spanUs + rng.nextDouble() * reachUs;
    const inWindow = emptyCounts();
    for (const op of ops) {
      const atUs = op.atUs + offsetUs;
      if (atUs >= 0 && atUs < windowUs) inWindow[op.kind] += 1;
    }
    for (const kind of OP_KINDS) {
      first[kind] += reachUs * inWindow[kind];
      second[kind] += reachUs * inWindow[kind] ** 2;
    }
  }
  const out = emptyCounts();
  for (const kind of OP_KINDS) out[kind] = first[kind] > 0 ? second[kind] / first[kind] : 1;
  return out;
}

function emptyCounts(): Record<OpKind, number> {
  return Object.fromEntries(OP_KINDS.map((kind) => [kind, 0])) as Record<OpKind, number>;
}
