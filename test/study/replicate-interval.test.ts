import { describe, expect, it } from 'vitest';
import { figureInterval, ratioInterval, withinInterval } from '../../src/study/replicate-interval.js';
import { replicateSeed, replicateSeeds } from '../../src/traffic/replicate-seeds.js';
import { createRng } from '../../src/traffic/rng.js';
import { normalQuantile } from '../../src/traffic/normal-distribution.js';

describe('a figure over replicates', () => {
  it('is the mean ∓ t(0.975, n − 1)·s/√n, by hand: 10, 12, 14, 16 → 13 ∓ 3.1824·√(20/3)/2', () => {
    const f = figureInterval([10, 12, 14, 16]);
    const half = 3.1824463 * (Math.sqrt(20 / 3) / 2);
    expect(f).toMatchObject({ n: 4, mean: 13 });
    expect(f.sd).toBeCloseTo(Math.sqrt(20 / 3), 12);
    expect(f.low).toBeCloseTo(13 - half, 6);
    expect(f.high).toBeCloseTo(13 + half, 6);
  });

  it('keeps one value without bounds (JSON nulls, not ∞), and none as no figure', () => {
    expect(figureInterval([5])).toEqual({ n: 1, mean: 5, sd: 0, low: null, high: null });
    expect(figureInterval([])).toEqual({ n: 0, mean: null, sd: 0, low: null, high: null });
    expect(withinInterval(1e12, { low: null, high: null })).toBe(true);
  });

  it('pairs replicate i of each shape for a ratio and leaves out quotients by zero', () => {
    const r = ratioInterval([20, 30, 99, 40], [2, 3, 0, 4]);
    expect(r).toMatchObject({ n: 3, mean: 10, sd: 0, low: 10, high: 10 });
  });

  it('covers a known mean 95 ± 1.1 % of the time: 3,000 seeded sets of 20 normal replicates (μ 1.8, σ 0.2)', () => {
    // The synthetic case of issue 11 §4: a known variance; Binomial(3000, 0.95) has sd 0.4 %.
    let covered = 0;
    for (let set = 0; set < 3_000; set += 1) {
      const rng = createRng(11, 4, set);
      const f = figureInterval(Array.from({ length: 20 }, () => 1.8 + 0.2 * normalQuantile(rng.nextOpenDouble())));
      if (withinInterval(1.8, f)) covered += 1;
    }
    expect(Math.abs(covered / 3_000 - 0.95)).toBeLessThan(0.011);
  });
});

describe('replicate seeds', () => {
  it('replicate 0 is the base seed; replicate r does not depend on how many were asked for', () => {
    expect(replicateSeed(42, 0)).toBe(42);
    const five = replicateSeeds(42, 5);
    const twenty = replicateSeeds(42, 20);
    expect(twenty.slice(0, 5)).toEqual(five);
    expect(new Set(twenty).size).toBe(20);
    expect(twenty.every((s) => Number.isInteger(s) && s >= 0 && s <= 2 ** 31 - 1)).toBe(true);
    expect(replicateSeeds(43, 3)).not.toEqual(replicateSeeds(42, 3));
  });

  it('refuses a replicate index that is not a whole number ≥ 0', () => {
    expect(() => replicateSeed(42, -1)).toThrow(RangeError);
    expect(() => replicateSeed(42, 1.5)).toThrow(RangeError);
  });
});
