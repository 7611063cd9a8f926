import { describe, expect, test } from 'vitest';
import type { Distribution } from '../../src/scenario/distribution-schema.js';
import { secondMomentOf, squaredCvOf } from '../../src/traffic/distribution-moments.js';
import { quantileOf } from '../../src/traffic/distributions.js';

/** E[X²] = ∫₀¹ Q(u)² du, by the midpoint rule on n points (exact enough for bounded quantile functions). */
function integratedSecondMoment(d: Distribution, n = 200_000): number {
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += quantileOf(d, (i + 0.5) / n) ** 2;
  return sum / n;
}

describe('second moments in closed form', () => {
  test.each<[string, Distribution, number]>([
    ['constant 3', { dist: 'constant', value: 3 }, 9],
    ['uniform 0.39–0.45: (a² + ab + b²)/3', { dist: 'uniform', min: 0.39, max: 0.45 }, (0.39 ** 2 + 0.39 * 0.45 + 0.45 ** 2) / 3],
    ['exponential mean 2.5: 2 m²', { dist: 'exponential', mean: 2.5 }, 12.5],
    ['geometric mean 4.5 from 1: Var (1 − p)/p² = 15.75, + 4.5²', { dist: 'geometric', mean: 4.5, min: 1 }, 36],
    ['empirical 1 (0.9) / 2 (0.1)', { dist: 'empirical', values: [1, 2], weights: [0.9, 0.1] }, 1.3],
    ['Pareto scale 2, α 3: α L²/(α − 2)', { dist: 'pareto', scale: 2, shape: 3 }, 12],
    ['lognormal μ = ln 20, σ = 0.5: e^(2μ + 2σ²)', { dist: 'lognormal', mu: Math.log(20), sigma: 0.5 }, 400 * Math.exp(0.5)],
  ])('%s', (_name, d, exact) => {
    expect(secondMomentOf(d)).toBeCloseTo(exact, 10);
  });

  test.each<[string, Distribution]>([
    ['clamped lognormal (image bytes capped at 400 kB)', { dist: 'lognormal', median: 150_000, p90: 500_000, max: 400_000 }],
    ['bounded Pareto α 1.1', { dist: 'pareto', scale: 1, shape: 1.1, max: 1000 }],
    ['bounded Pareto α 2', { dist: 'pareto', scale: 1, shape: 2, max: 50 }],
  ])('%s agrees with ∫ Q(u)² du', (_name, d) => {
    expect(secondMomentOf(d) / integratedSecondMoment(d)).toBeCloseTo(1, 3);
  });

  test('a Pareto with α ≤ 2 and no max has no finite second moment', () => {
    expect(secondMomentOf({ dist: 'pareto', scale: 1, shape: 1.5 })).toBe(Number.POSITIVE_INFINITY);
  });

  test('squared CV: 1 for an exponential, e^σ² − 1 for a lognormal, 0 for a constant', () => {
    expect(squaredCvOf({ dist: 'exponential', mean: 7 })).toBeCloseTo(1, 12);
    expect(squaredCvOf({ dist: 'lognormal', median: 20, sigma: 0.8 })).toBeCloseTo(Math.exp(0.64) - 1, 12);
    expect(squaredCvOf({ dist: 'constant', value: 5 })).toBe(0);
  });
});
