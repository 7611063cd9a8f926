import type { ResolvedMixEntry } from '../scenario/traffic-schema.js';
import type { OpKind } from './operation.js';
import type { PlanHistory } from './plan.js';
import { createRng, STREAM } from './rng.js';
import { createShapeGenerator } from './shape-generator.js';

/**
 * What a run's window counts of weighted sums of op kinds (messages = inbound + send + …,
 * webhooks = inbound + 3 × outbound), for a stationary stream of one mix entry's conversations:
 * - `offeredShare`: the share of the stationary expectation the run offers — less than 1 when the
 *   pre-roll is shorter than some conversations (they never started), and for a run that joins at
 *   user messages (a live mock starts empty: replies to messages sent before t = 0 are not sent);
 * - `dispersion`: Var/mean of the offered count. Starts are Poisson and conversations
 *   independent, so the count is compound Poisson: Var/mean = E[K²]/E[K], K = one conversation's
 *   contribution to the window (steady-state.ts `windowCountDispersion` does this per kind; sums
 *   need their own, as kinds are correlated inside a conversation).
 * Each sampled conversation starts uniformly over the times that can reach the window, weighted by
 * that length. A fixed seed and sample size make both a property of the traffic model.
 */

export type OpWeights = Readonly<Partial<Record<OpKind, number>>>;

export interface WindowCountStats {
  readonly offeredShare: number;
  readonly dispersion: number;
}

export interface WindowPlan {
  readonly windowUs: number;
  /** Conversations started longer ago than this before t = 0 are not in the run. */
  readonly preRollUs: number;
  readonly history: PlanHistory;
}

const SEED = 0xd15;
export const WINDOW_SAMPLE_SIZE = 4_000;

/** A planned op from which a conversation takes part in a joining run (plan.ts joinsRunAt). */
const joins = (op: { readonly atUs: number; readonly seq: number; readonly kind: OpKind }): boolean =>
  op.atUs >= 0 && (op.seq === 0 || op.kind === 'inbound' || op.kind === 'template');

/** Results by their inputs: a capacity search or replicates build many summaries of one traffic model (≈0.1–1 s each). */
const memo = new Map<string, Readonly<Record<string, WindowCountStats>>>();
const MEMO_LIMIT = 64;

/** The stats of every metric for one mix entry's conversations over `plan`'s window (a pure function of its inputs). */
export function windowCountStats<M extends string>(
  entry: ResolvedMixEntry,
  plan: WindowPlan,
  metrics: Readonly<Record<M, OpWeights>>,
  sampleSize = WINDOW_SAMPLE_SIZE,
): Record<M, WindowCountStats> {
  const key = JSON.stringify([entry, plan, metrics, sampleSize]);
  const known = memo.get(key);
  if (known !== undefined) return { ...known } as Record<M, WindowCountStats>;
  const stats = sampledWindowCountStats(entry, plan, metrics, sampleSize);
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value ?? '');
  memo.set(key, stats);
  return { ...stats };
}

function sampledWindowCountStats<M extends string>(
  entry: ResolvedMixEntry,
  plan: WindowPlan,
  metrics: Readonly<Record<M, OpWeights>>,
  sampleSize: number,
): Record<M, WindowCountStats> {
  const names = Object.keys(metrics) as M[];
  const weights = names.map((name) => metrics[name]);
  const generate = createShapeGenerator(entry);
  const all = new Float64Array(names.length);
  const first = new Float64Array(names.length);
  const second = new Float64Array(names.length);
  const stationary = new Float64Array(names.length);
  const offered = new Float64Array(names.length);
  for (let i = 0; i < sampleSize; i += 1) {
    const rng = createRng(SEED, STREAM.preRollSample, 2, i);
    const ops = generate(rng, { conversationId: i, userId: 0, startUs: 0, endUs: Number.POSITIVE_INFINITY });
    const spanUs = ops[ops.length - 1]?.atUs ?? 0;
    const reachUs = spanUs + plan.windowUs;
    const startUs = -spanUs + rng.nextDouble() * reachUs;
    const started = startUs >= -plan.preRollUs;
    let joined = plan.history === 'play';
    stationary.fill(0);
    offered.fill(0);
    for (const op of ops) {
      const atUs = op.atUs + startUs;
      joined ||= joins({ atUs, seq: op.seq, kind: op.kind });
      if (atUs < 0 || atUs >= plan.windowUs) continue;
      weights.forEach((w, m) => {
        const k = w[op.kind] ?? 0;
        stationary[m] = (stationary[m] ?? 0) + k;
        if (started && joined) offered[m] = (offered[m] ?? 0) + k;
      });
    }
    names.forEach((_, m) => {
      const k = offered[m] ?? 0;
      all[m] = (all[m] ?? 0) + reachUs * (stationary[m] ?? 0);
      first[m] = (first[m] ?? 0) + reachUs * k;
      second[m] = (second[m] ?? 0) + reachUs * k * k;
    });
  }
  return Object.fromEntries(
    names.map((name, m) => {
      const sum = first[m] ?? 0;
      return [name, { offeredShare: (all[m] ?? 0) > 0 ? sum / (all[m] ?? 1) : 1, dispersion: sum > 0 ? (second[m] ?? 0) / sum : 1 }];
    }),
  ) as Record<M, WindowCountStats>;
}

/** Which history an engine plays: the virtual-time engine plays the pre-roll, a live run joins. */
export const historyOfEngine = (engine: 'live' | 'sim'): PlanHistory => (engine === 'sim' ? 'play' : 'join');

