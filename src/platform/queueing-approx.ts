import type { Distribution } from '../scenario/distribution-schema.js';
import { secondMomentOf } from '../traffic/distribution-moments.js';
import { meanOf, quantileOf } from '../traffic/distributions.js';
import { MS_PER_SECOND } from '../units.js';

/**
 * Closed-form queueing for the capacity model's c slots, where simulating is too costly
 * (10⁸–10⁹ users). Exact for M/M/c (Erlang C); for general service times the Allen–Cunneen
 * approximation Wq ≈ Wq(M/M/c) · (1 + CV²ₛ)/2 (Poisson arrivals, CV²ₐ = 1), which is exact for
 * one slot (Pollaczek–Khinchine) and a few per cent off for many. Waiting-time tails take the
 * usual form P(W > t) ≈ P(W > 0) · e^(−t / E[W | W > 0]) with P(W > 0) from Erlang C; the sojourn
 * T = W + S adds the op's own service time (independent of its wait under FIFO) by quadrature.
 * Rates are per second, times in ms.
 */

/** Service time as a mixture of the scenario's distributions (ms), weighted by their share of services. */
export interface ServiceLaw {
  readonly components: readonly { readonly weight: number; readonly dist: Distribution }[];
}

export interface ServiceMoments {
  readonly meanMs: number;
  readonly secondMomentMs2: number;
  readonly squaredCv: number;
}

export function serviceMoments(law: ServiceLaw): ServiceMoments {
  const total = law.components.reduce((sum, c) => sum + c.weight, 0);
  let meanMs = 0;
  let secondMomentMs2 = 0;
  for (const { weight, dist } of law.components) {
    meanMs += (weight / total) * meanOf(dist);
    secondMomentMs2 += (weight / total) * secondMomentOf(dist);
  }
  return { meanMs, secondMomentMs2, squaredCv: meanMs > 0 ? Math.max(0, secondMomentMs2 / meanMs ** 2 - 1) : 0 };
}

/**
 * Erlang C: the probability that an arrival waits, c slots, offered load a = λ E[S] Erlangs
 * (a < c). Through the Erlang-B recursion B(k) = a B(k−1) / (k + a B(k−1)), which is stable for
 * any c, then C = c B / (c − a (1 − B)).
 */
export function erlangC(slots: number, offeredErlangs: number): number {
  if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`slots must be a positive integer, got ${slots}`);
  if (offeredErlangs <= 0) return 0;
  if (offeredErlangs >= slots) return 1;
  let blocking = 1;
  for (let k = 1; k <= slots; k += 1) blocking = (offeredErlangs * blocking) / (k + offeredErlangs * blocking);
  return (slots * blocking) / (slots - offeredErlangs * (1 - blocking));
}

export interface QueueEstimate {
  readonly slots: number;
  readonly arrivalsPerSecond: number;
  /** a = λ E[S], Erlangs. */
  readonly offeredErlangs: number;
  /** a / c; the queue is stable only below 1. */
  readonly utilisation: number;
  readonly stable: boolean;
  readonly service: ServiceMoments;
  /** P(W > 0). */
  readonly pWait: number;
  readonly meanWaitMs: number;
  readonly meanSojournMs: number;
  /** The q-quantile of the wait, ms (0 when q ≤ 1 − P(W > 0)). */
  waitQuantileMs(q: number): number;
  /** P(T > t) for the sojourn T = wait + own service. */
  sojournSurvival(tMs: number): number;
  /** The q-quantile of the sojourn, ms. */
  sojournQuantileMs(q: number): number;
}

/** Midpoints u of (0, 1) per component for the service-time quadrature (resolves p99.9 to 4 points). */
const QUADRATURE_POINTS = 4_000;

/** The service law on a grid: values ascending, their weights, and the weight at or above each index. */
interface ServiceGrid {
  readonly valuesMs: Float64Array;
  readonly weights: Float64Array;
  /** tailWeights[i] = Σ_{j ≥ i} weights[j]; one longer, ending in 0. */
  readonly tailWeights: Float64Array;
}

const grids = new WeakMap<ServiceLaw, ServiceGrid>();

function serviceGrid(law: ServiceLaw): ServiceGrid {
  const cached = grids.get(law);
  if (cached) return cached;
  const total = law.components.reduce((sum, c) => sum + c.weight, 0);
  const points = law.components.flatMap(({ weight, dist }) =>
    Array.from({ length: QUADRATURE_POINTS }, (_, i) => ({ valueMs: quantileOf(dist, (i + 0.5) / QUADRATURE_POINTS), weight: weight / total / QUADRATURE_POINTS })),
  );
  points.sort((a, b) => a.valueMs - b.valueMs);
  const tailWeights = new Float64Array(points.length + 1);
  for (let i = points.length - 1; i >= 0; i -= 1) tailWeights[i] = (tailWeights[i + 1] as number) + (points[i]?.weight ?? 0);
  const grid = { valuesMs: Float64Array.from(points, (p) => p.valueMs), weights: Float64Array.from(points, (p) => p.weight), tailWeights };
  grids.set(law, grid);
  return grid;
}

/** Number of grid values ≤ t. */
function countAtOrBelow(valuesMs: Float64Array, tMs: number): number {
  let low = 0;
  let high = valuesMs.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((valuesMs[mid] as number) <= tMs) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * P(W + S > t) with P(W > x) = p e^(−x/θ): the services longer than t, plus those shorter whose
 * wait makes up the difference. Terms with (t − s)/θ > 40 are below e^−40 and skipped.
 */
function sojournSurvivalOnGrid(grid: ServiceGrid, pWait: number, thetaMs: number, tMs: number): number {
  const below = countAtOrBelow(grid.valuesMs, tMs);
  let sum = grid.tailWeights[below] as number;
  if (pWait === 0 || thetaMs <= 0) return sum;
  let waiting = 0;
  for (let i = below - 1; i >= 0; i -= 1) {
    const x = (tMs - (grid.valuesMs[i] as number)) / thetaMs;
    if (x > 40) break;
    waiting += (grid.weights[i] as number) * Math.exp(-x);
  }
  sum += pWait * waiting;
  return sum;
}

/** Smallest t ≥ 0 with survival(t) ≤ 1 − q, by doubling then bisection (survival non-increasing). */
function quantileBySurvival(survival: (t: number) => number, q: number, scaleMs: number): number {
  const target = 1 - q;
  if (survival(0) <= target) return 0;
  let high = Math.max(scaleMs, 1e-6);
  while (survival(high) > target) high *= 2;
  let low = 0;
  for (let i = 0; i < 60 && high - low > 1e-7 * high; i += 1) {
    const mid = (low + high) / 2;
    if (survival(mid) > target) low = mid;
    else high = mid;
  }
  return high;
}

/** M/G/c (M/M/c when every component is exponential with one mean): Erlang C with Allen–Cunneen. */
export function estimateQueue(slots: number, arrivalsPerSecond: number, law: ServiceLaw): QueueEstimate {
  const service = serviceMoments(law);
  const offeredErlangs = (arrivalsPerSecond * service.meanMs) / MS_PER_SECOND;
  const utilisation = offeredErlangs / slots;
  const stable = utilisation < 1;
  const pWait = stable ? erlangC(slots, offeredErlangs) : 1;
  // Wq(M/M/c) = C / (c μ − λ) = C · E[S] / (c − a); scaled by (1 + CV²)/2.
  const meanWaitMs = stable ? ((pWait * service.meanMs) / (slots - offeredErlangs)) * ((1 + service.squaredCv) / 2) : Number.POSITIVE_INFINITY;
  const conditionalWaitMs = pWait > 0 ? meanWaitMs / pWait : 0;
  const sojournSurvival = (tMs: number): number => (stable ? sojournSurvivalOnGrid(serviceGrid(law), pWait, conditionalWaitMs, tMs) : 1);
  return {
    slots,
    arrivalsPerSecond,
    offeredErlangs,
    utilisation,
    stable,
    service,
    pWait,
    meanWaitMs,
    meanSojournMs: meanWaitMs + service.meanMs,
    waitQuantileMs: (q) => (!stable ? Number.POSITIVE_INFINITY : q <= 1 - pWait ? 0 : conditionalWaitMs * Math.log(pWait / (1 - q))),
    sojournSurvival,
    sojournQuantileMs: (q) => (stable ? quantileBySurvival(sojournSurvival, q, service.meanMs + conditionalWaitMs) : Number.POSITIVE_INFINITY),
  };
}

/** A latency objective on the slots: the mean or a quantile of the wait or of the sojourn, below a bound. */
export interface LatencySlo {
  readonly measure: 'wait' | 'sojourn';
  /** 0.99 for p99; 'mean' for the mean. */
  readonly statistic: number | 'mean';
  readonly belowMs: number;
}

const SLO_RE = /^\s*(wait|sojourn)?\.?(mean|p(\d+(?:\.\d+)?))\s*<\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$/;

/** Parses "sojourn.p99<1s", "wait.mean<50ms", "p99.9<250ms" (measure defaults to sojourn). */
export function parseLatencySlo(text: string): LatencySlo | undefined {
  const match = SLO_RE.exec(text);
  if (!match) return undefined;
  const statistic = match[2] === 'mean' ? 'mean' : Number((Number(match[3]) / 100).toPrecision(12));
  if (statistic !== 'mean' && !(statistic > 0 && statistic < 1)) return undefined;
  const belowMs = Number(match[4]) * (match[5] === 's' ? MS_PER_SECOND : 1);
  return { measure: match[1] === 'wait' ? 'wait' : 'sojourn', statistic, belowMs };
}

/** The SLO's statistic of an estimate, ms. */
export function sloValueMs(estimate: QueueEstimate, slo: LatencySlo): number {
  if (slo.statistic === 'mean') return slo.measure === 'wait' ? estimate.meanWaitMs : estimate.meanSojournMs;
  return slo.measure === 'wait' ? estimate.waitQuantileMs(slo.statistic) : estimate.sojournQuantileMs(slo.statistic);
}

export interface SlotsForSlo {
  /** Fewest slots meeting the SLO; undefined when no number of slots can (the service time alone breaks it). */
  readonly slots: number | undefined;
  /** The estimate at that many slots (at the most slots tried when infeasible). */
  readonly estimate: QueueEstimate;
  readonly valueMs: number;
}

/**
 * The fewest slots whose estimate meets the SLO at this arrival rate. More slots never make the
 * wait longer, so the search doubles from the stability bound ⌊a⌋ + 1, then bisects.
 */
export function slotsForSlo(arrivalsPerSecond: number, law: ServiceLaw, slo: LatencySlo): SlotsForSlo {
  const meets = (c: number) => {
    const estimate = estimateQueue(c, arrivalsPerSecond, law);
    const valueMs = sloValueMs(estimate, slo);
    return { estimate, valueMs, ok: valueMs < slo.belowMs };
  };
  const { meanMs } = serviceMoments(law);
  let low = Math.max(0, Math.floor((arrivalsPerSecond * meanMs) / MS_PER_SECOND));
  // With no wait at all the sojourn is the service time: if that breaks the SLO, nothing helps.
  // (The same quadrature as the estimate's, so the bound is the limit the search approaches.)
  const floorMs = sojournFloorMs(law, slo);
  if (floorMs >= slo.belowMs) return { slots: undefined, estimate: meets(Math.max(1, low + 1)).estimate, valueMs: floorMs };
  let step = 1;
  let high = low + step;
  let atHigh = meets(high);
  while (!atHigh.ok) {
    if (step > 2 ** 40) throw new RangeError(`no slot count up to ${high} meets ${slo.measure} ${String(slo.statistic)} < ${slo.belowMs} ms`);
    low = high;
    step *= 2;
    high = low + step;
    atHigh = meets(high);
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    const atMid = meets(mid);
    if (atMid.ok) {
      high = mid;
      atHigh = atMid;
    } else low = mid;
  }
  return { slots: high, estimate: atHigh.estimate, valueMs: atHigh.valueMs };
}

/** What the SLO's statistic tends to as slots grow (no waiting): 0 for the wait, the service time's for the sojourn. */
function sojournFloorMs(law: ServiceLaw, slo: LatencySlo): number {
  if (slo.measure === 'wait') return 0;
  if (slo.statistic === 'mean') return serviceMoments(law).meanMs;
  const grid = serviceGrid(law);
  return quantileBySurvival((tMs) => sojournSurvivalOnGrid(grid, 0, 0, tMs), slo.statistic, serviceMoments(law).meanMs);
}
