import fc from 'fast-check';
import { encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import { describe, expect, test } from 'vitest';
import {
  addCounts,
  addHistogram,
  clampToTrackableUs,
  countsOf,
  countsOnly,
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  type Histogram,
  meanUsOf,
  percentilesUsOf,
  recordUs,
  resetHistogram,
  valueAtPercentileUs,
} from '../../src/metrics/hdr-settings.js';

const values = fc.array(fc.integer({ min: 1, max: 3_600_000_000 }), { maxLength: 200 });
const filled = (list: readonly number[]): Histogram => {
  const h = createHistogram();
  for (const v of list) h.recordValue(v);
  return h;
};
/** What a reader can see of a histogram: its encoding (every count), total, and its tracked extremes. */
const seen = (h: Histogram) => ({
  encoded: encodeHistogram(h),
  total: h.totalCount,
  max: h.maxValue,
  min: h.minNonZeroValue,
  p99: h.getValueAtPercentile(99),
});

describe('the fast histogram add and reset are the library’s add and reset', () => {
  test('countsOnly gives what a round trip through the encoded form gives: same counts and extremes (property)', () => {
    fc.assert(
      fc.property(values, fc.boolean(), (list, withZero) => {
        const h = filled(list);
        if (withZero) h.recordValue(0);
        expect(seen(countsOnly(h))).toEqual(seen(decodeHistogram(encodeHistogram(h))));
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  test('… and the same .hgrm text (property; fewer runs: the library prints slowly)', () => {
    fc.assert(
      fc.property(values, fc.boolean(), (list, withZero) => {
        const h = filled(list);
        if (withZero) h.recordValue(0);
        const viaEncoding = decodeHistogram(encodeHistogram(h));
        expect(countsOnly(h).outputPercentileDistribution(5, 1000)).toBe(
          viaEncoding.outputPercentileDistribution(5, 1000),
        );
      }),
      { numRuns: 15, seed: 5 },
    );
  });

  test('addHistogram(a, b) leaves a exactly as a.add(b) does, decoded operands included (property)', () => {
    fc.assert(
      fc.property(values, values, fc.boolean(), (left, right, decodeRight) => {
        const fast = filled(left);
        const slow = filled(left);
        const other = decodeRight ? decodeHistogram(encodeHistogram(filled(right))) : filled(right);
        addHistogram(fast, other);
        slow.add(other);
        expect(seen(fast)).toEqual(seen(slow));
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  test('resetHistogram empties like reset, and the histogram records afresh', () => {
    fc.assert(
      fc.property(values, values, (before, after) => {
        const fast = filled(before);
        const slow = filled(before);
        resetHistogram(fast);
        slow.reset();
        for (const v of after) {
          fast.recordValue(v);
          slow.recordValue(v);
        }
        expect(seen(fast)).toEqual(seen(slow));
      }),
      { numRuns: 200, seed: 4 },
    );
  });

  test('recordUs records exactly as recordValue does, across the whole trackable range (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 1, max: 3_600_000_000 }),
            fc.integer({ min: 1, max: 5_000 }),
            fc.double({ min: -10, max: 4e9, noNaN: true }),
          ),
          { maxLength: 300 },
        ),
        (list) => {
          const fast = createHistogram();
          const slow = createHistogram();
          for (const v of list) {
            recordUs(fast, v);
            slow.recordValue(clampToTrackableUs(v));
          }
          expect(seen(fast)).toEqual(seen(slow));
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });

  test('counts posted across a thread add exactly: every count, total and percentile as a.add(b) (property)', () => {
    const figures = (h: Histogram) => ({
      encoded: encodeHistogram(h),
      total: h.totalCount,
      percentiles: [0, 50, 99, 99.9, 100].map((p) => valueAtPercentileUs(h, p)),
    });
    fc.assert(
      fc.property(values, values, values, (left, right, more) => {
        const viaCounts = filled(left);
        const viaAdd = filled(left);
        // Structured clone is what postMessage does to them.
        addCounts(viaCounts, structuredClone(countsOf(filled(right))));
        addCounts(viaCounts, countsOf(filled(more)));
        viaAdd.add(filled(right));
        viaAdd.add(filled(more));
        expect(figures(viaCounts)).toEqual(figures(viaAdd));
        // The tracked extremes bound every recorded bucket, so later scans and encodings see them all.
        if (viaAdd.totalCount > 0) {
          expect(viaCounts.maxValue).toBeGreaterThanOrEqual(viaAdd.maxValue);
          expect(viaCounts.minNonZeroValue).toBeLessThanOrEqual(viaAdd.minNonZeroValue);
        }
      }),
      { numRuns: 200, seed: 6 },
    );
  });

  test('percentiles read in one scan, and the mean, are exactly the library’s (property)', () => {
    const percentile = fc.oneof(
      fc.constantFrom(0, 50, 90, 99, 99.9, 99.99, 100),
      fc.double({ min: 0, max: 100, noNaN: true }),
    );
    fc.assert(
      fc.property(values, fc.array(percentile, { maxLength: 8 }), (list, asked) => {
        const h = filled(list);
        const expected = asked.map((p) => (h.totalCount === 0 ? 0 : h.getValueAtPercentile(p)));
        expect(percentilesUsOf(h, asked)).toEqual(expected);
        expect(meanUsOf(h)).toBe(h.mean);
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  test('the fast encoding writes the library’s bytes, merged and reset histograms included (property)', () => {
    const big = fc.array(
      fc.oneof(fc.integer({ min: 1, max: 3_600_000_000 }), fc.integer({ min: 1, max: 3 })),
      { maxLength: 300 },
    );
    fc.assert(
      fc.property(big, values, fc.nat(5), (list, more, repeat) => {
        const h = filled(list);
        for (let i = 0; i < repeat; i++) addHistogram(h, filled(more));
        expect(encodeHistogram(h)).toBe(encodeIntoCompressedBase64(h));
        resetHistogram(h);
        expect(encodeHistogram(h)).toBe(encodeIntoCompressedBase64(h));
      }),
      { numRuns: 200, seed: 8 },
    );
    const huge = createHistogram();
    huge.recordValueWithCount(1_000, 2 ** 31 + 12_345);
    expect(encodeHistogram(huge)).toBe(encodeIntoCompressedBase64(huge));
  });
});
