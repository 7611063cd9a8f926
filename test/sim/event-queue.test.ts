import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { EventQueue } from '../../src/sim/event-queue.js';

/** Drains the queue: (time, payload) in the order it hands them out. */
function drain(queue: EventQueue): [number, number][] {
  const out: [number, number][] = [];
  while (queue.size > 0) {
    const timeUs = queue.peekTimeUs();
    out.push([timeUs, queue.pop()]);
  }
  return out;
}

describe('the event queue: ordered by (µs, scheduling order), as SimPy and ns-3 order events', () => {
  test('earlier times first; equal times in the order they were scheduled', () => {
    const queue = new EventQueue();
    queue.push(30, 1);
    queue.push(10, 2);
    queue.push(30, 3);
    queue.push(10, 4);
    queue.push(20, 5);
    expect(drain(queue)).toEqual([
      [10, 2],
      [10, 4],
      [20, 5],
      [30, 1],
      [30, 3],
    ]);
    expect(queue.peekTimeUs()).toBe(Number.POSITIVE_INFINITY);
  });

  test('any interleaving of pushes and pops matches a stable sort (property, through growth past its first capacity)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { maxLength: 3_000 }),
        (script) => {
          const queue = new EventQueue();
          const oracle: { timeUs: number; seq: number }[] = [];
          let seq = 0;
          for (const step of script) {
            if (step >= 0) {
              queue.push(step, seq);
              oracle.push({ timeUs: step, seq });
              seq += 1;
            } else if (oracle.length > 0) {
              oracle.sort((a, b) => a.timeUs - b.timeUs || a.seq - b.seq);
              const expected = oracle.shift()!;
              expect(queue.peekTimeUs()).toBe(expected.timeUs);
              expect(queue.pop()).toBe(expected.seq);
            }
          }
          oracle.sort((a, b) => a.timeUs - b.timeUs || a.seq - b.seq);
          expect(drain(queue)).toEqual(oracle.map((e) => [e.timeUs, e.seq]));
        },
      ),
      { numRuns: 60, seed: 8 },
    );
  });
});
