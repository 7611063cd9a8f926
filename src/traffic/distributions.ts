import { ChatloadError } from '../errors.js';
import { distributionIssues } from '../scenario/distribution-checks.js';
import type { Distribution } from '../scenario/distribution-schema.js';
import { normalCdf, normalQuantile, Z_90 } from './normal-distribution.js';
import type { Rng } from './rng.js';

/**
 * Scenario distributions as samplers and as closed forms. Every continuous sampler uses the
 * inverse CDF of one uniform, so `quantileOf` and the sampler agree by construction and the
 * profile's analytic figures are the expectation of exactly what the plan samples.
 */
export type Sampler = (rng: Rng) => number;

type Lognormal = Extract<Distribution, { dist: 'lognormal' }>;
type Geometric = Extract<Distribution, { dist: 'geometric' }>;
type Pareto = Extract<Distribution, { dist: 'pareto' }>;
type Empirical = Extract<Distribution, { dist: 'empirical' }>;

function checked(d: Distribution): void {
  const issues = distributionIssues(d);
  if (issues.length > 0)
    throw new ChatloadError('CHATLOAD_E_SCENARIO_INVALID', `bad distribution: ${issues.join('; ')}`);
}

/** μ and σ of the underlying normal, whichever way the lognormal was given. */
export function lognormalParams(d: Lognormal): { mu: number; sigma: number; max: number } {
  const max = d.max ?? Number.POSITIVE_INFINITY;
  if (d.mu !== undefined && d.sigma !== undefined) return { mu: d.mu, sigma: d.sigma, max };
  const mu = Math.log(d.median as number);
  if (d.sigma !== undefined) return { mu, sigma: d.sigma, max };
  return { mu, sigma: (Math.log(d.p90 as number) - mu) / Z_90, max };
}

/** Success probability p of the geometric part: the value is min + (failures before a success). */
function geometricParams(d: Geometric): { min: number; p: number } {
  const min = d.min ?? 1;
  return { min, p: 1 / (d.mean - min + 1) };
}

/** Inverse CDF of the (optionally bounded) Pareto: F(x) = (1 − (L/x)^α) / (1 − (L/H)^α). */
function paretoQuantile(d: Pareto, q: number): number {
  const tailAtMax = d.max === undefined ? 0 : (d.scale / d.max) ** d.shape;
  return d.scale / (1 - q * (1 - tailAtMax)) ** (1 / d.shape);
}

interface EmpiricalTable {
  readonly values: readonly number[];
  /** Cumulative probabilities, the last one exactly 1. */
  readonly cumulative: readonly number[];
}

function empiricalTable(d: Empirical, sortByValue: boolean): EmpiricalTable {
  const pairs = d.values.map((value, i) => ({ value, weight: d.weights[i] ?? 0 }));
  if (sortByValue) pairs.sort((a, b) => a.value - b.value);
  const total = pairs.reduce((sum, p) => sum + p.weight, 0);
  let running = 0;
  const cumulative = pairs.map((p) => {
    running += p.weight;
    return running / total;
  });
  cumulative[cumulative.length - 1] = 1;
  return { values: pairs.map((p) => p.value), cumulative };
}

function pickFromTable(table: EmpiricalTable, u: number): number {
  const { cumulative, values } = table;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u < (cumulative[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return values[lo] as number;
}

/** A sampler for `d`; parameters are checked once here, never on the hot path. */
export function createSampler(d: Distribution): Sampler {
  checked(d);
  switch (d.dist) {
    case 'constant': {
      const value = d.value;
      return () => value;
    }
    case 'uniform': {
      const { min } = d;
      const span = d.max - d.min;
      return (rng) => min + span * rng.nextDouble();
    }
    case 'exponential': {
      const { mean } = d;
      return (rng) => -mean * Math.log(rng.nextOpenDouble());
    }
    case 'lognormal': {
      const { mu, sigma, max } = lognormalParams(d);
      return (rng) => Math.min(max, Math.exp(mu + sigma * normalQuantile(rng.nextOpenDouble())));
    }
    case 'geometric': {
      const { min, p } = geometricParams(d);
      if (p >= 1) return () => min;
      const logQ = Math.log(1 - p);
      return (rng) => min + Math.floor(Math.log(rng.nextOpenDouble()) / logQ);
    }
    case 'pareto':
      return (rng) => paretoQuantile(d, rng.nextDouble());
    case 'empirical': {
      const table = empiricalTable(d, false);
      return (rng) => pickFromTable(table, rng.nextDouble());
    }
  }
}

/** E[X] in closed form (a clamped lognormal included); +∞ for a Pareto with α ≤ 1 and no max. */
export function meanOf(d: Distribution): number {
  checked(d);
  switch (d.dist) {
    case 'constant':
      return d.value;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'exponential':
      return d.mean;
    case 'lognormal': {
      const { mu, sigma, max } = lognormalParams(d);
      const unclamped = Math.exp(mu + (sigma * sigma) / 2);
      if (!Number.isFinite(max)) return unclamped;
      if (sigma === 0) return Math.min(max, Math.exp(mu));
      // E[min(X, M)] = e^(μ+σ²/2) Φ((ln M − μ − σ²)/σ) + M (1 − Φ((ln M − μ)/σ))
      const logMax = Math.log(max);
      return (
        unclamped * normalCdf((logMax - mu - sigma * sigma) / sigma) +
        max * (1 - normalCdf((logMax - mu) / sigma))
      );
    }
    case 'geometric':
      return d.mean;
    case 'pareto': {
      const { scale: low, shape: alpha } = d;
      if (d.max === undefined) return alpha > 1 ? (alpha * low) / (alpha - 1) : Number.POSITIVE_INFINITY;
      const high = d.max;
      const norm = 1 - (low / high) ** alpha;
      if (alpha === 1) return (low * Math.log(high / low)) / norm;
      return ((alpha * low ** alpha) / ((alpha - 1) * norm)) * (low ** (1 - alpha) - high ** (1 - alpha));
    }
    case 'empirical': {
      const total = d.weights.reduce((a, b) => a + b, 0);
      return d.values.reduce((sum, value, i) => sum + value * (d.weights[i] ?? 0), 0) / total;
    }
  }
}

/** The q-quantile, 0 ≤ q < 1: the smallest x with P(X ≤ x) ≥ q (discrete distributions included). */
export function quantileOf(d: Distribution, q: number): number {
  checked(d);
  switch (d.dist) {
    case 'constant':
      return d.value;
    case 'uniform':
      return d.min + q * (d.max - d.min);
    case 'exponential':
      return -d.mean * Math.log(1 - q);
    case 'lognormal': {
      const { mu, sigma, max } = lognormalParams(d);
      return Math.min(max, Math.exp(mu + sigma * normalQuantile(q)));
    }
    case 'geometric': {
      const { min, p } = geometricParams(d);
      if (p >= 1 || q <= 0) return min;
      // P(X ≤ min + k) = 1 − (1 − p)^(k+1)
      return min + Math.max(0, Math.ceil(Math.log(1 - q) / Math.log(1 - p) - 1e-12) - 1);
    }
    case 'pareto':
      return paretoQuantile(d, q);
    case 'empirical': {
      const table = empiricalTable(d, true);
      const index = table.cumulative.findIndex((c) => c >= q - 1e-12);
      return table.values[index] as number;
    }
  }
}

/** P(X > x). Closed forms for the continuous laws; exact sums for the discrete ones. */
export function survivalOf(d: Distribution, x: number): number {
  return survivalFunctionOf(d)(x);
}

/** x ↦ P(X > x), parameters checked once (for sums over many x, as reply splitting does). */
export function survivalFunctionOf(d: Distribution): (x: number) => number {
  checked(d);
  switch (d.dist) {
    case 'constant':
      return (x) => (d.value > x ? 1 : 0);
    case 'uniform':
      return (x) => (d.max === d.min ? (d.min > x ? 1 : 0) : Math.min(1, Math.max(0, (d.max - x) / (d.max - d.min))));
    case 'exponential':
      return (x) => (x <= 0 ? 1 : Math.exp(-x / d.mean));
    case 'lognormal': {
      const { mu, sigma, max } = lognormalParams(d);
      return (x) => {
        if (x >= max) return 0;
        if (x <= 0) return 1;
        return sigma === 0 ? (Math.exp(mu) > x ? 1 : 0) : 1 - normalCdf((Math.log(x) - mu) / sigma);
      };
    }
    case 'geometric': {
      const { min, p } = geometricParams(d);
      return (x) => (x < min ? 1 : (1 - p) ** (Math.floor(x) - min + 1));
    }
    case 'pareto': {
      const tailAtMax = d.max === undefined ? 0 : (d.scale / d.max) ** d.shape;
      return (x) => {
        if (x <= d.scale) return 1;
        if (d.max !== undefined && x >= d.max) return 0;
        return ((d.scale / x) ** d.shape - tailAtMax) / (1 - tailAtMax);
      };
    }
    case 'empirical': {
      const total = d.weights.reduce((a, b) => a + b, 0);
      return (x) => d.values.reduce((sum, value, i) => sum + (value > x ? (d.weights[i] ?? 0) : 0), 0) / total;
    }
  }
}
