import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsHistogram } from 'hdr-histogram-js';
import { createHistogram } from '../../src/metrics/hdr-settings.js';
import { addToBucketTally, cumulativeCounts, emptyBucketTally } from '../../src/metrics/histogram-buckets.js';

function histogramOf(values: readonly number[]): JsHistogram {
  const h = createHistogram();
  for (const v of values) h.recordValue(v);
  if (!(h instanceof JsHistogram)) throw new Error('the house histograms are JsHistograms');
  return h;
}

const rawCumulative = (values: readonly number[], boundsUs: readonly number[]) => [
  ...boundsUs.map((bound) => values.filter((v) => v <= bound).length),
  values.length,
];

describe('classic bucket counts from HDR histograms', () => {
  it('counts exactly what a classic histogram would, below 2,048 µs (1 µs sub-buckets)', () => {
    const bounds = [1, 10, 100, 250, 1_000, 2_000];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 2_047 }), { maxLength: 300 }), (values) => {
        const tally = emptyBucketTally(bounds);
        addToBucketTally(tally, histogramOf(values), bounds);
        expect(cumulativeCounts(tally)).toEqual(rawCumulative(values, bounds));
        expect(tally.count).toBe(values.length);
        expect(tally.sumUs).toBe(values.reduce((a, b) => a + b, 0));
      }),
      { numRuns: 100, seed: 13 },
    );
  });

  it('above that, never leaves out a value under its bound and takes in none more than 0.1 % over it', () => {
    const bounds = [5_000, 25_000, 250_000, 1_000_000, 30_000_000];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 60_000_000 }), { maxLength: 300 }), (values) => {
        const tally = emptyBucketTally(bounds);
        addToBucketTally(tally, histogramOf(values), bounds);
        const counted = cumulativeCounts(tally);
        const atMost = rawCumulative(values, bounds);
        const loose = rawCumulative(values, bounds.map((b) => b * 1.001));
        for (const [i, n] of counted.entries()) {
          expect(n).toBeGreaterThanOrEqual(atMost[i]!);
          expect(n).toBeLessThanOrEqual(loose[i]!);
        }
        expect(counted.at(-1)).toBe(values.length);
      }),
      { numRuns: 100, seed: 13 },
    );
  });

  it("sums each value as its sub-bucket's middle, as HdrHistogram's mean does", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3_600_000_000 }), { minLength: 1, maxLength: 200 }), (values) => {
        const histogram = histogramOf(values);
        const tally = emptyBucketTally([1_000]);
        addToBucketTally(tally, histogram, [1_000]);
        const expected = values.reduce((sum, v) => sum + histogram.medianEquivalentValue(v), 0);
        expect(tally.sumUs).toBe(expected);
      }),
      { numRuns: 100, seed: 13 },
    );
  });

  it('adds interval after interval: the tally of the parts equals the tally of the whole', () => {
    const bounds = [1_000, 10_000, 100_000];
    const parts = [[5, 1_500, 90_000], [20_000, 200_000], [], [999, 1_000, 1_001]];
    const tally = emptyBucketTally(bounds);
    for (const part of parts) addToBucketTally(tally, histogramOf(part), bounds);
    const whole = emptyBucketTally(bounds);
    addToBucketTally(whole, histogramOf(parts.flat()), bounds);
    expect(cumulativeCounts(tally)).toEqual(cumulativeCounts(whole));
    expect(cumulativeCounts(tally)).toEqual([3, 5, 7, 8]);
  });

  it('puts values above the last bound only in +Inf', () => {
    const tally = emptyBucketTally([10]);
    addToBucketTally(tally, histogramOf([11, 3_600_000_000]), [10]);
    expect(cumulativeCounts(tally)).toEqual([0, 2]);
  });
});
