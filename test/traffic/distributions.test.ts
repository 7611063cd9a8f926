import { describe, expect, test } from 'vitest';
import { ChatloadError } from '../../src/errors.js';
import { distributionIssues } from '../../src/scenario/distribution-checks.js';
import type { Distribution } from '../../src/scenario/distribution-schema.js';
import { createSampler, meanOf, quantileOf, survivalOf } from '../../src/traffic/distributions.js';
import { createRng } from '../../src/traffic/rng.js';

/**
 * Tolerances come from the sample size n (fixed seed, so each check is deterministic; with a
 * random seed a 5σ bound would fail about once in 1.7 million runs):
 * - mean: |x̄ − μ| ≤ 5 s / √n, s the sample standard deviation;
 * - quantile x_p: the fraction of draws below x_p is Binomial(n, p) / n, so
 *   P̂(X < x_p) ≤ p + 5 √(p(1−p)/n) and P̂(X ≤ x_p) ≥ p − 5 √(p(1−p)/n) (holds for discrete laws too).
 */
const N = 100_000;
const Z = 5;

const CASES: [string, Distribution][] = [
  ['constant', { dist: 'constant', value: 3 }],
  ['uniform (TTFT 0.39–0.45 s [S8])', { dist: 'uniform', min: 0.39, max: 0.45 }],
  ['exponential', { dist: 'exponential', mean: 2.5 }],
  ['lognormal by median/p90 (bot reply 0.8 s / 2 s)', { dist: 'lognormal', median: 0.8, p90: 2 }],
  ['lognormal by mu/sigma (CS think time)', { dist: 'lognormal', mu: Math.log(25), sigma: 1.54 }],
  ['lognormal by median/sigma', { dist: 'lognormal', median: 1000, sigma: 0.85 }],
  [
    'lognormal clamped (image size, cap hit often)',
    { dist: 'lognormal', median: 150_000, p90: 500_000, max: 400_000 },
  ],
  ['geometric (CS user messages, mean 4.5)', { dist: 'geometric', mean: 4.5, min: 1 }],
  ['geometric from 0', { dist: 'geometric', mean: 0.7, min: 0 }],
  ['pareto, α = 3', { dist: 'pareto', scale: 2, shape: 3 }],
  ['bounded pareto, α = 1.1', { dist: 'pareto', scale: 1, shape: 1.1, max: 1000 }],
  ['bounded pareto, α = 1', { dist: 'pareto', scale: 1, shape: 1, max: 50 }],
  [
    'empirical (WildChat turns)',
    { dist: 'empirical', values: [1, 2, 3, 4, 5, 10], weights: [0.579, 0.159, 0.069, 0.069, 0.097, 0.027] },
  ],
];

describe.each(CASES)('%s', (_name, d) => {
  const sample = createSampler(d);
  const rng = createRng(2024, 1);
  const xs = Float64Array.from({ length: N }, () => sample(rng));

  test('sample mean matches meanOf within 5 s/√n', () => {
    const mean = xs.reduce((a, b) => a + b, 0) / N;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (N - 1));
    expect(Math.abs(mean - meanOf(d))).toBeLessThanOrEqual(
      Z * (sd / Math.sqrt(N)) + 1e-9 * Math.abs(meanOf(d)),
    );
  });

  test.each([0.5, 0.9])('sample fraction at quantileOf(%s) brackets it', (p) => {
    const x = quantileOf(d, p);
    const below = xs.reduce((a, v) => a + (v < x ? 1 : 0), 0) / N;
    const atOrBelow = xs.reduce((a, v) => a + (v <= x ? 1 : 0), 0) / N;
    const tolerance = Z * Math.sqrt((p * (1 - p)) / N);
    expect(below).toBeLessThanOrEqual(p + tolerance);
    expect(atOrBelow).toBeGreaterThanOrEqual(p - tolerance);
  });

  test('survivalOf at the median is about one half', () => {
    const x = quantileOf(d, 0.5);
    const sampled = xs.reduce((a, v) => a + (v > x ? 1 : 0), 0) / N;
    expect(Math.abs(sampled - survivalOf(d, x))).toBeLessThanOrEqual(Z * Math.sqrt(0.25 / N));
  });
});

describe('closed forms against the research tables', () => {
  test('CS user messages 1 + Geometric(q = 0.778): median 3, p90 10 (§1)', () => {
    const d: Distribution = { dist: 'geometric', mean: 4.5, min: 1 };
    expect(quantileOf(d, 0.5)).toBe(3);
    expect(quantileOf(d, 0.9)).toBe(10);
  });

  test('lognormal μ = ln 40, σ = 1.08: median 40, p90 ≈160, mean ≈72 (CS user message chars, §1)', () => {
    const d: Distribution = { dist: 'lognormal', mu: Math.log(40), sigma: 1.08 };
    expect(quantileOf(d, 0.5)).toBeCloseTo(40, 6);
    expect(quantileOf(d, 0.9)).toBeGreaterThan(155);
    expect(quantileOf(d, 0.9)).toBeLessThan(165);
    expect(meanOf(d)).toBeCloseTo(71.8, 0);
  });

  test('chatbot reply length (median 1,000, σ 0.85): mean ≈1,435 and ≈4.9 % over 4,096 chars (§3.6)', () => {
    const d: Distribution = { dist: 'lognormal', mu: Math.log(1000), sigma: 0.85 };
    expect(meanOf(d)).toBeCloseTo(1435, -1);
    expect(survivalOf(d, 4096)).toBeCloseTo(0.0486, 3);
  });

  test('a clamp never raises the mean and caps every draw', () => {
    const open: Distribution = { dist: 'lognormal', median: 150_000, p90: 500_000 };
    const capped: Distribution = { ...open, max: 5_000_000 };
    expect(meanOf(capped)).toBeLessThan(meanOf(open));
    const sample = createSampler({ ...open, max: 200_000 });
    const rng = createRng(1);
    for (let i = 0; i < 1000; i += 1) expect(sample(rng)).toBeLessThanOrEqual(200_000);
  });
});

describe('parameter checks reject what the schema cannot', () => {
  test.each<[string, unknown, RegExp]>([
    [
      'p90 below the median',
      { dist: 'lognormal', median: 10, p90: 5 },
      /p90 \(5\) must not be below the median/,
    ],
    [
      'two parameterisations at once',
      { dist: 'lognormal', median: 10, p90: 20, mu: 1, sigma: 1 },
      /exactly one of/,
    ],
    ['no parameterisation', { dist: 'lognormal', median: 10 }, /exactly one of/],
    [
      'a cap below the median',
      { dist: 'lognormal', median: 10, sigma: 1, max: 5 },
      /max \(5\) is below the median/,
    ],
    ['uniform max < min', { dist: 'uniform', min: 2, max: 1 }, /max ≥ min/],
    ['geometric mean below min', { dist: 'geometric', mean: 0.5 }, /at least min/],
    ['pareto max ≤ scale', { dist: 'pareto', scale: 3, shape: 2, max: 3 }, /max must exceed scale/],
    [
      'empirical length mismatch',
      { dist: 'empirical', values: [1, 2], weights: [1] },
      /2 values but 1 weights/,
    ],
    ['empirical zero weights', { dist: 'empirical', values: [1], weights: [0] }, /sum to more than 0/],
  ])('%s', (_name, value, message) => {
    expect(distributionIssues(value).join('; ')).toMatch(message);
    expect(() => createSampler(value as Distribution)).toThrow(ChatloadError);
  });

  test('a group of distributions is checked member by member, naming the member', () => {
    expect(
      distributionIssues({
        image: { dist: 'lognormal', median: 10, p90: 5 },
        voice: { dist: 'constant', value: 1 },
      }),
    ).toEqual(['image: lognormal: p90 (5) must not be below the median (10)']);
  });

  test('valid parameters raise nothing', () => {
    for (const [, d] of CASES) expect(distributionIssues(d)).toEqual([]);
  });
});
