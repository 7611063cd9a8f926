import { describe, expect, it } from 'vitest';
import { makeSampler, seededUniform } from '../../src/platform/distribution-sampler.js';

describe('platform service-time sampler', () => {
  it('draws an ordinary first value for small seeds (seeding is mixed, not raw)', () => {
    // lognormal median 20 ms, p90 60 ms: σ = ln 3 / 1.2816 = 0.857; 4.5 σ above the median is 950 ms.
    const firstDraws = Array.from({ length: 100 }, (_, seed) =>
      makeSampler({ dist: 'lognormal', median: 20, p90: 60 }, seededUniform(seed))(),
    );
    expect(Math.max(...firstDraws)).toBeLessThan(950);
    expect(Math.min(...firstDraws)).toBeGreaterThan(20 / 47.5);
  });

  it('gives the same stream for the same seed and another for another seed', () => {
    const a = seededUniform(1);
    const b = seededUniform(1);
    const c = seededUniform(2);
    const drawsA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(drawsA);
    expect([c(), c(), c()]).not.toEqual(drawsA);
    for (const u of drawsA) expect(u >= 0 && u < 1).toBe(true);
  });
});
