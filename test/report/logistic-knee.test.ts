import { describe, expect, test } from 'vitest';
import { fitKnee, type Outcome } from '../../src/report/logistic-knee.js';
import { createRng } from '../../src/traffic/rng.js';

/** Outcomes from a known curve: P(pass | N) = 1 / (1 + (N / knee)^k), i.e. logistic in ln N with slope −k. */
function outcomesFrom(knee: number, k: number, populations: readonly number[], replicates: number, seed: number): Outcome[] {
  const rng = createRng(seed, 7);
  return populations.flatMap((population) =>
    Array.from({ length: replicates }, () => ({ population, passed: rng.nextDouble() < 1 / (1 + (population / knee) ** k) })),
  );
}

const logSpaced = (from: number, to: number, count: number) => Array.from({ length: count }, (_, i) => from * (to / from) ** (i / (count - 1)));

describe('the knee as the population where P(pass) = ½', () => {
  test('recovers a known curve: knee 100,000 users, slope −8 per ln N, 10 populations × 10 replicates', () => {
    const fit = fitKnee(outcomesFrom(100_000, 8, logSpaced(60_000, 170_000, 10), 10, 1));
    expect(fit.reason).toBeUndefined();
    expect(fit.low!).toBeLessThan(100_000);
    expect(fit.high!).toBeGreaterThan(100_000);
    expect(Math.abs(fit.knee! / 100_000 - 1)).toBeLessThan(0.08);
    expect(fit.slope).toBeLessThan(0);
  });

  test('coverage: the 95 % interval covers the true knee in 90–99 % of 300 seeded searches', () => {
    let covered = 0;
    for (let seed = 0; seed < 300; seed += 1) {
      const fit = fitKnee(outcomesFrom(250_000, 6, logSpaced(120_000, 500_000, 8), 6, 100 + seed));
      if (fit.low! <= 250_000 && 250_000 <= fit.high!) covered += 1;
    }
    expect(covered / 300).toBeGreaterThan(0.9);
    expect(covered / 300).toBeLessThan(0.99);
  });

  test('a non-monotone search (a larger population passing after a smaller one failed) is data, not an error', () => {
    const outcomes: Outcome[] = [
      { population: 10_000, passed: true },
      { population: 20_000, passed: true },
      { population: 40_000, passed: false },
      { population: 30_000, passed: false },
      { population: 25_000, passed: true },
      { population: 27_500, passed: false },
      { population: 32_000, passed: true },
      { population: 26_000, passed: true },
    ];
    const fit = fitKnee(outcomes);
    expect(fit.separated).toBe(false);
    expect(fit.knee!).toBeGreaterThan(25_000);
    expect(fit.knee!).toBeLessThan(32_000);
    expect(fit.low!).toBeLessThan(fit.knee!);
  });

  test('perfectly separated outcomes (a clean bisection) give the gap’s middle and the gap as resolution, no interval', () => {
    const fit = fitKnee([10_000, 20_000, 40_000, 30_000, 25_000, 27_500].map((population) => ({ population, passed: population <= 25_000 })));
    expect(fit.separated).toBe(true);
    expect(fit.knee).toBeCloseTo(Math.sqrt(25_000 * 27_500), 6);
    expect(fit.resolution).toEqual({ low: 25_000, high: 27_500 });
    expect([fit.low, fit.high]).toEqual([undefined, undefined]);
  });

  test('no knee without both outcomes, or when passing gets more likely with more users', () => {
    expect(fitKnee([{ population: 1_000, passed: true }]).reason).toMatch(/no step failed/);
    expect(fitKnee([{ population: 1_000, passed: false }]).reason).toMatch(/no step passed/);
    const backwards = fitKnee([1_000, 2_000, 4_000, 8_000].map((population) => ({ population, passed: population > 3_000 })));
    expect(backwards.knee).toBeUndefined();
    expect(backwards.reason).toMatch(/less likely/);
  });
});
