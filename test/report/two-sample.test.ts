import { describe, expect, test } from 'vitest';
import { createHistogram } from '../../src/metrics/hdr-settings.js';
import { kolmogorovSurvival, ksTwoSample } from '../../src/report/two-sample.js';
import { createRng } from '../../src/traffic/rng.js';

const lognormal = (seed: number, n: number, medianUs: number, shiftUs = 0) => {
  const rng = createRng(seed, 1);
  const h = createHistogram();
  for (let i = 0; i < n; i++) {
    const u1 = rng.nextOpenDouble();
    const u2 = rng.nextDouble();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    h.recordValue(Math.round(medianUs * Math.exp(0.8 * z) + shiftUs));
  }
  return h;
};

describe('two-sample Kolmogorov–Smirnov on HDR histograms', () => {
  test('D is the largest gap between the empirical CDFs (hand case)', () => {
    const a = createHistogram();
    const b = createHistogram();
    for (const v of [10, 20, 30, 40]) a.recordValue(v);
    for (const v of [30, 40, 50, 60]) b.recordValue(v);
    // After 20: A at 0.5, B at 0; after 30/40 the gap stays 0.5 until A reaches 1 at 40 and B is 0.5.
    expect(ksTwoSample(a, b).d).toBeCloseTo(0.5, 12);
  });

  test('the Kolmogorov survival function at its tabulated points', () => {
    expect(kolmogorovSurvival(1.358)).toBeCloseTo(0.05, 3);
    expect(kolmogorovSurvival(1.628)).toBeCloseTo(0.01, 3);
    expect(kolmogorovSurvival(0)).toBe(1);
  });

  test('the same law twice passes at α = 0.01; a 10 % shift of the median is found', () => {
    const same = ksTwoSample(lognormal(1, 3_000, 20_000), lognormal(2, 3_000, 20_000));
    expect(same.pValue).toBeGreaterThan(0.01);
    const shifted = ksTwoSample(lognormal(1, 3_000, 20_000), lognormal(2, 3_000, 22_000));
    expect(shifted.pValue).toBeLessThan(0.01);
  });
});
