import { describe, expect, it } from 'vitest';
import { IntervalBoundaries } from '../../src/load/interval-boundaries.js';

const made = (intervalUs: number) => {
  const closed: number[] = [];
  const boundaries = new IntervalBoundaries(intervalUs, (index) => closed.push(index));
  return { boundaries, closed };
};

describe("a worker's interval boundaries (issue 9)", () => {
  it('closes nothing before the start, nor before the first boundary', () => {
    const { boundaries, closed } = made(1_000_000);
    boundaries.closeDue(5_000_000);
    expect(closed).toEqual([]);
    boundaries.start(10_000_000);
    boundaries.closeDue(10_999_999);
    expect(closed).toEqual([]);
    expect(boundaries.index).toBe(0);
  });

  it('closes an interval at its exact end, so a value recorded at or after the boundary lands in the next one', () => {
    const { boundaries, closed } = made(1_000_000);
    boundaries.start(10_000_000);
    boundaries.closeDue(11_000_000);
    expect(closed).toEqual([0]);
    expect(boundaries.index).toBe(1);
  });

  it('closes nothing when a timer fires early, and says how long is left to wait', () => {
    const { boundaries, closed } = made(1_000_000);
    boundaries.start(10_000_000);
    const earlyUs = 11_000_000 - 1_700;
    boundaries.closeDue(earlyUs);
    expect(closed).toEqual([]);
    expect(boundaries.untilEndUs(earlyUs)).toBe(1_700);
    expect(boundaries.untilEndUs(11_000_500)).toBe(0);
  });

  it('closes each skipped interval once, in order, after a stalled loop', () => {
    const { boundaries, closed } = made(1_000_000);
    boundaries.start(0);
    boundaries.closeDue(3_500_000);
    boundaries.closeDue(3_600_000);
    expect(closed).toEqual([0, 1, 2]);
    expect(boundaries.index).toBe(3);
    expect(boundaries.untilEndUs(3_600_000)).toBe(400_000);
  });
});
