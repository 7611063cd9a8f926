import { describe, expect, test } from 'vitest';
import { compoundPoissonBand, meanInterval, poissonBand, poissonQuantile, studentTQuantile } from '../../src/report/confidence.js';
import { normalQuantile } from '../../src/traffic/normal-distribution.js';
import { createRng } from '../../src/traffic/rng.js';

describe('Student t', () => {
  test.each([
    [1, 12.7062047],
    [4, 2.7764451],
    [9, 2.2621572],
    [19, 2.0930241],
    [100, 1.9839715],
  ])('t(0.975, %i df) = %f (tables)', (df, value) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(value, 6);
  });

  test('mean ∓ t·s/√n by hand: 2, 4, 4, 4, 5, 5, 7, 9 → mean 5, s = √(32/7), 95 % half-width 2.3646·s/√8', () => {
    const interval = meanInterval([2, 4, 4, 4, 5, 5, 7, 9]);
    const half = 2.3646243 * Math.sqrt(32 / 7 / 8);
    expect(interval.mean).toBe(5);
    expect(interval.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(interval.low).toBeCloseTo(5 - half, 6);
    expect(interval.high).toBeCloseTo(5 + half, 6);
  });

  test('one value has no interval; none is refused', () => {
    expect(meanInterval([3])).toMatchObject({ mean: 3, low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY });
    expect(() => meanInterval([])).toThrow(RangeError);
  });

  test('coverage: 95 % intervals of 4,000 seeded sets of 10 normal replicates (μ 20, σ 3) cover μ 95 ± 1.1 % of the time', () => {
    // Binomial(4000, 0.95) has sd 0.34 %: ±1.1 % is more than 3 sd.
    const sets = 4_000;
    let covered = 0;
    for (let set = 0; set < sets; set += 1) {
      const rng = createRng(2026, 11, set);
      const values = Array.from({ length: 10 }, () => 20 + 3 * normalQuantile(rng.nextOpenDouble()));
      const { low, high } = meanInterval(values);
      if (low <= 20 && 20 <= high) covered += 1;
    }
    expect(Math.abs(covered / sets - 0.95)).toBeLessThan(0.011);
  });
});

describe('Poisson bands', () => {
  test('exact quantiles: Poisson(3) has P(N ≤ 0) = e^−3 ≈ 0.0498, P(N ≤ 6) ≈ 0.9665, P(N ≤ 7) ≈ 0.9881', () => {
    expect(poissonQuantile(3, 0.04)).toBe(0);
    expect(poissonQuantile(3, 0.05)).toBe(1);
    expect(poissonQuantile(3, 0.96)).toBe(6);
    expect(poissonQuantile(3, 0.975)).toBe(7);
  });
  test('a large mean: the 99 % band of Poisson(10,000) is 10,000 ∓ ≈2.576·100', () => {
    const band = poissonBand(10_000, 0.99);
    expect(band.low).toBeGreaterThanOrEqual(9_740);
    expect(band.low).toBeLessThanOrEqual(9_745);
    expect(band.high).toBeGreaterThanOrEqual(10_256);
    expect(band.high).toBeLessThanOrEqual(10_261);
  });
  test('a compound-Poisson band widens the Poisson band by √dispersion about the mean', () => {
    const poisson = poissonBand(1_000);
    const wide = compoundPoissonBand(1_000, 4);
    expect(wide.high - 1_000).toBeCloseTo(2 * (poisson.high - 1_000), -1);
    expect(compoundPoissonBand(1_000, 1)).toEqual(poisson);
  });
});
