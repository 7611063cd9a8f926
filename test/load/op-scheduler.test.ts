import { describe, expect, it } from 'vitest';
import { OpScheduler, SPIN_WINDOW_US, type SchedulerClock } from '../../src/load/op-scheduler.js';
import type { OperationSource, PlannedOp } from '../../src/traffic/operation.js';

/** A fake clock: timers fire in order of due time when the test advances it. */
function fakeClock(startUs: number) {
  let nowUs = startUs;
  const queue: { atUs: number; seq: number; callback: () => void }[] = [];
  let seq = 0;
  const clock: SchedulerClock = {
    nowUs: () => nowUs,
    after: (delayMs, callback) => queue.push({ atUs: nowUs + delayMs * 1000, seq: seq++, callback }),
    // An event-loop turn is not free: polling advances the clock by 50 µs.
    soon: (callback) => queue.push({ atUs: nowUs + 50, seq: seq++, callback }),
  };
  return {
    clock,
    /** Runs timers until none is left; `lagUs` is added to every wake-up, as a busy event loop would. */
    runAll(lagUs = 0) {
      while (queue.length > 0) {
        queue.sort((a, b) => a.atUs - b.atUs || a.seq - b.seq);
        const next = queue.shift()!;
        nowUs = Math.max(nowUs, next.atUs) + lagUs;
        next.callback();
      }
    },
    advance(us: number) {
      nowUs += us;
    },
  };
}

function sourceOf(atUsList: number[]): OperationSource {
  const ops: PlannedOp[] = atUsList.map((atUs, seq) => ({
    atUs,
    kind: 'send',
    shape: 'general-chatbot',
    userId: 1,
    conversationId: 1,
    seq,
    chars: 10,
  }));
  let i = 0;
  return { next: () => ops[i++] };
}

describe('OpScheduler', () => {
  it('fires every operation at its absolute intended time, never before', () => {
    const fake = fakeClock(1_000_000);
    const fired: { intendedUs: number; nowUs: number }[] = [];
    let exhausted = false;
    const scheduler = new OpScheduler(
      sourceOf([0, 500, 10_000, 2_000_000]),
      fake.clock,
      (_op, intendedUs, nowUs) => fired.push({ intendedUs, nowUs }),
      () => (exhausted = true),
    );
    scheduler.start(1_000_000);
    fake.runAll();
    expect(fired.map((f) => f.intendedUs)).toEqual([1_000_000, 1_000_500, 1_010_000, 3_000_000]);
    for (const f of fired) expect(f.nowUs).toBeGreaterThanOrEqual(f.intendedUs);
    for (const f of fired) expect(f.nowUs - f.intendedUs).toBeLessThan(50);
    expect(exhausted).toBe(true);
    expect(scheduler.fired).toBe(4);
  });

  it('uses a timer for far sends and polling only inside the spin window', () => {
    const fake = fakeClock(0);
    const afters: number[] = [];
    const clock: SchedulerClock = {
      ...fake.clock,
      after: (ms, cb) => {
        afters.push(ms);
        fake.clock.after(ms, cb);
      },
    };
    new OpScheduler(
      sourceOf([100_000]),
      clock,
      () => {},
      () => {},
    ).start(0);
    expect(afters).toEqual([(100_000 - SPIN_WINDOW_US) / 1000]);
  });

  it('when it falls behind, fires everything already due at once and lateness shows it (no silent thinning)', () => {
    const fake = fakeClock(0);
    const lateness: number[] = [];
    const scheduler = new OpScheduler(
      sourceOf([0, 1_000, 2_000, 3_000]),
      fake.clock,
      (_op, intendedUs, nowUs) => lateness.push(nowUs - intendedUs),
      () => {},
    );
    fake.advance(5_000); // the event loop was blocked for 5 ms before the first pump
    scheduler.start(0);
    fake.runAll();
    expect(lateness).toEqual([5_000, 4_000, 3_000, 2_000]);
  });

  it('does not drift: a late wake-up does not push later intended times back', () => {
    const fake = fakeClock(0);
    const intended: number[] = [];
    const atUs = Array.from({ length: 50 }, (_, i) => i * 10_000);
    new OpScheduler(
      sourceOf(atUs),
      fake.clock,
      (_op, intendedUs) => intended.push(intendedUs),
      () => {},
    ).start(0);
    fake.runAll(700); // every wake-up 0.7 ms late
    expect(intended).toEqual(atUs);
  });

  it('stop() counts the planned operations that were never sent', () => {
    const fake = fakeClock(0);
    let fired = 0;
    const scheduler = new OpScheduler(
      sourceOf([0, 0, 1_000_000, 2_000_000, 3_000_000]),
      fake.clock,
      () => fired++,
      () => {},
    );
    scheduler.start(0);
    expect(fired).toBe(2);
    expect(scheduler.stop()).toBe(3);
    fake.runAll();
    expect(fired).toBe(2);
  });
});
