import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BoundedMap } from '../../src/platform/bounded-map.js';
import { NumberRegistry } from '../../src/platform/number-registry.js';

describe('the numeric registry behaves as the bounded map of the same capacity', () => {
  test('any sequence of sets and gets (property; keys collide often in a small table)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 7 })), { maxLength: 600 }),
        (capacity, script) => {
          const fast = new NumberRegistry(capacity);
          const oracle = new BoundedMap<number, number>(capacity);
          for (const [isSet, key, value] of script) {
            if (isSet) {
              fast.set(key * 1e9 + 155_500_000_000_000 * (key % 2), value);
              oracle.set(key * 1e9 + 155_500_000_000_000 * (key % 2), value);
            }
            const probe = key * 1e9 + 155_500_000_000_000 * (key % 2);
            expect(fast.get(probe)).toBe(oracle.get(probe) ?? -1);
          }
          expect(fast.size).toBe(oracle.size);
        },
      ),
      { numRuns: 200, seed: 9 },
    );
  });
});
