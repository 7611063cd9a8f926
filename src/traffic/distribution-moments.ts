import type { Distribution } from '../scenario/distribution-schema.js';
import { lognormalParams, meanOf } from './distributions.js';
import { normalCdf } from './normal-distribution.js';

/**
 * E[X²] of a scenario distribution in closed form (a clamped lognormal and a bounded Pareto
 * included), for the variance of service times in queueing approximations. +∞ where the
 * second moment diverges (a Pareto with α ≤ 2 and no max).
 */
export function secondMomentOf(d: Distribution): number {
  switch (d.dist) {
    case 'constant':
      return d.value * d.value;
    case 'uniform':
      return (d.min * d.min + d.min * d.max + d.max * d.max) / 3;
    case 'exponential':
      return 2 * d.mean * d.mean;
    case 'lognormal': {
      const { mu, sigma, max } = lognormalParams(d);
      const unclamped = Math.exp(2 * mu + 2 * sigma * sigma);
      if (!Number.isFinite(max)) return unclamped;
      if (sigma === 0) return Math.min(max, Math.exp(mu)) ** 2;
      // E[min(X, M)²] = e^(2μ+2σ²) Φ((ln M − μ − 2σ²)/σ) + M² (1 − Φ((ln M − μ)/σ))
      const logMax = Math.log(max);
      return unclamped * normalCdf((logMax - mu - 2 * sigma * sigma) / sigma) + max * max * (1 - normalCdf((logMax - mu) / sigma));
    }
    case 'geometric': {
      // X = min + G, G the failures before a success: Var X = (1 − p)/p², p = 1/(mean − min + 1).
      const min = d.min ?? 1;
      const p = 1 / (d.mean - min + 1);
      return (1 - p) / (p * p) + d.mean * d.mean;
    }
    case 'pareto': {
      const { scale: low, shape: alpha } = d;
      if (d.max === undefined) return alpha > 2 ? (alpha * low * low) / (alpha - 2) : Number.POSITIVE_INFINITY;
      const high = d.max;
      const norm = 1 - (low / high) ** alpha;
      if (alpha === 2) return (alpha * low * low * Math.log(high / low)) / norm;
      return ((alpha * low ** alpha) / ((2 - alpha) * norm)) * (high ** (2 - alpha) - low ** (2 - alpha));
    }
    case 'empirical': {
      const total = d.weights.reduce((a, b) => a + b, 0);
      return d.values.reduce((sum, value, i) => sum + value * value * (d.weights[i] ?? 0), 0) / total;
    }
  }
}

/** Squared coefficient of variation Var X / (E X)² (0 for a constant; +∞ when the variance diverges). */
export function squaredCvOf(d: Distribution): number {
  const mean = meanOf(d);
  return mean === 0 ? 0 : Math.max(0, secondMomentOf(d) / (mean * mean) - 1);
}
