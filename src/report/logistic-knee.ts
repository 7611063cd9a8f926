import { normalCritical } from './confidence.js';

/**
 * The knee of a capacity search as a statistic: fit P(pass) = 1 / (1 + e^−(β₀ + β₁ ln N)) to the
 * pass/fail outcomes of every step and replicate, and report the population where P(pass) = ½,
 * N* = exp(−β₀/β₁), with a delta-method interval. Every outcome counts wherever the search
 * happened to put it, so a non-monotone search (the same population passing once and failing
 * once, or a larger one passing after a smaller one failed) is data, not a contradiction.
 * The fit is Firth's penalised likelihood (Jeffreys prior), less biased than plain maximum
 * likelihood for the few outcomes a search gives. When every pass lies below every fail (a clean
 * bisection without replicates) the outcomes carry no spread at all: the knee is then the
 * geometric middle of the gap and the gap is reported as the search's resolution, not as an interval.
 */

export interface Outcome {
  readonly population: number;
  readonly passed: boolean;
}

export interface KneeEstimate {
  /** Population with P(pass) = ½; undefined when the outcomes cannot place it. */
  readonly knee: number | undefined;
  readonly low: number | undefined;
  readonly high: number | undefined;
  readonly level: number;
  /** β₁ per unit of ln N (negative: passing gets less likely with more users). */
  readonly slope: number;
  readonly intercept: number;
  /** Every pass below every fail: no interval, only the gap the knee lies in. */
  readonly separated: boolean;
  /** For separated outcomes: the largest passing and the smallest failing population (resolution, not uncertainty). */
  readonly resolution: { readonly low: number; readonly high: number } | undefined;
  readonly outcomes: number;
  /** Why there is no knee, when there is none. */
  readonly reason: string | undefined;
}

interface Point {
  readonly x: number;
  readonly y: number;
}

/** Firth-penalised logistic regression of y on x (x already centred); returns β and (X'WX)⁻¹. */
function firthFit(points: readonly Point[]): { b0: number; b1: number; cov: [number, number, number] } {
  let b0 = 0;
  let b1 = 0;
  let cov: [number, number, number] = [0, 0, 0];
  for (let iteration = 0; iteration < 200; iteration += 1) {
    let i00 = 0;
    let i01 = 0;
    let i11 = 0;
    const ps = points.map(({ x }) => 1 / (1 + Math.exp(-(b0 + b1 * x))));
    points.forEach(({ x }, i) => {
      const p = ps[i] as number;
      const w = p * (1 - p);
      i00 += w;
      i01 += w * x;
      i11 += w * x * x;
    });
    const det = i00 * i11 - i01 * i01;
    if (!(det > 0)) break;
    cov = [i11 / det, -i01 / det, i00 / det];
    let u0 = 0;
    let u1 = 0;
    points.forEach(({ x, y }, i) => {
      const p = ps[i] as number;
      const w = p * (1 - p);
      const leverage = w * (cov[0] + 2 * cov[1] * x + cov[2] * x * x);
      const residual = y - p + leverage * (0.5 - p);
      u0 += residual;
      u1 += residual * x;
    });
    let d0 = cov[0] * u0 + cov[1] * u1;
    let d1 = cov[1] * u0 + cov[2] * u1;
    // Newton steps on a near-separated likelihood can overshoot; cap them (the penalty bounds the optimum).
    const size = Math.hypot(d0, d1);
    if (size > 5) {
      d0 *= 5 / size;
      d1 *= 5 / size;
    }
    b0 += d0;
    b1 += d1;
    if (size < 1e-10) break;
  }
  return { b0, b1, cov };
}

/** The population where P(pass) = ½, with its `level` interval, from pass/fail outcomes. */
export function fitKnee(outcomes: readonly Outcome[], level = 0.95): KneeEstimate {
  const none = (reason: string, slope = Number.NaN, intercept = Number.NaN): KneeEstimate => ({
    knee: undefined,
    low: undefined,
    high: undefined,
    level,
    slope,
    intercept,
    separated: false,
    resolution: undefined,
    outcomes: outcomes.length,
    reason,
  });
  if (outcomes.some((o) => !(o.population > 0))) return none('every population must be positive');
  const passes = outcomes.filter((o) => o.passed);
  const fails = outcomes.filter((o) => !o.passed);
  if (passes.length === 0) return none('no step passed: the knee is below the smallest population tried');
  if (fails.length === 0) return none('no step failed: the knee is above the largest population tried');
  const largestPass = Math.max(...passes.map((o) => o.population));
  const smallestFail = Math.min(...fails.map((o) => o.population));
  if (largestPass < smallestFail) {
    return {
      ...none('separated'),
      knee: Math.sqrt(largestPass * smallestFail),
      separated: true,
      resolution: { low: largestPass, high: smallestFail },
      reason: undefined,
    };
  }
  const xs = outcomes.map((o) => Math.log(o.population));
  const centre = xs.reduce((a, b) => a + b, 0) / xs.length;
  const points = outcomes.map((o, i) => ({ x: (xs[i] as number) - centre, y: o.passed ? 1 : 0 }));
  const { b0, b1, cov } = firthFit(points);
  const slope = b1;
  const intercept = b0 - b1 * centre;
  if (!(b1 < 0)) return none('passing does not get less likely with more users in these outcomes', slope, intercept);
  const xKnee = -b0 / b1;
  // Delta method: ∂x*/∂β₀ = −1/β₁, ∂x*/∂β₁ = β₀/β₁².
  const g0 = -1 / b1;
  const g1 = b0 / (b1 * b1);
  const variance = g0 * g0 * cov[0] + 2 * g0 * g1 * cov[1] + g1 * g1 * cov[2];
  const half = normalCritical(level) * Math.sqrt(Math.max(0, variance));
  return {
    knee: Math.exp(xKnee + centre),
    low: Math.exp(xKnee + centre - half),
    high: Math.exp(xKnee + centre + half),
    level,
    slope,
    intercept,
    separated: false,
    resolution: undefined,
    outcomes: outcomes.length,
    reason: undefined,
  };
}
