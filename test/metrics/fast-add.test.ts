import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addHistogram, createHistogram, decodeHistogram, encodeHistogram, type Histogram, resetHistogram } from '../../src/metrics/hdr-settings.js';

const values = fc.array(fc.integer({ min: 1, max: 3_600_000_000 }), { maxLength: 200 });
const filled = (list: readonly number[]): Histogram => {
  const h = createHistogram();
  for (const v of list) h.recordValue(v);
  return h;
};
/** What a reader can see of a histogram: its encoding (every count), total, and its tracked extremes. */
const seen = (h: Histogram) => ({ encoded: encodeHistogram(h), total: h.totalCount, max: h.maxValue, min: h.minNonZeroValue, p99: h.getValueAtPercentile(99) });

describe('the fast histogram add and reset are the library’s add and reset', () => {
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
});
