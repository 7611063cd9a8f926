import { describe, expect, it } from 'vitest';
import { MAX_COUNTED_AT_STOP, MAX_TURN_US, OpScheduler, SPIN_WINDOW_US, type SchedulerClock } from '../../src/load/op-scheduler.js';
import { createHistogram } from '../../src/metrics/hdr-settings.js';
import type { OperationSource, PlannedOp } from '../../src/traffic/operation.js';

/** Polling is not free: each event-loop turn of the fake advances its clock by this much. */
const POLL_US = 50;

/**
 * A fake clock: callbacks run in order of due time when the test runs the queue. `lagUs` is
 * added to every wake-up, timer or poll, as a busy event loop would; `fire` may advance the
 * clock to model the work a send costs.
 */
function fakeClock(startUs: number, lagUs = 0) {
  let nowUs = startUs;
  const queue: { atUs: number; seq: number; callback: () => void }[] = [];
  let seq = 0;
  const clock: SchedulerClock = {
    nowUs: () => nowUs,
    after: (delayMs, callback) => queue.push({ atUs: nowUs + delayMs * 1000, seq: seq++, callback }),
    soon: (callback) => queue.push({ atUs: nowUs + POLL_US, seq: seq++, callback }),
  };
  const runNext = (): boolean => {
    queue.sort((a, b) => a.atUs - b.atUs || a.seq - b.seq);
    const next = queue.shift();
    if (next === undefined) return false;
    nowUs = Math.max(nowUs, next.atUs) + lagUs;
    next.callback();
    return true;
  };
  return {
    clock,
    runAll() {
      while (runNext());
    },
    /** Runs callbacks due up to `untilUs` (wake-up lag included), leaving later ones queued. */
    runUntil(untilUs: number) {
      for (;;) {
        queue.sort((a, b) => a.atUs - b.atUs || a.seq - b.seq);
        if (queue[0] === undefined || queue[0].atUs > untilUs) return;
        runNext();
      }
    },
    pending: () => queue.length,
    advance(us: number) {
      nowUs += us;
    },
  };
}

const op = (atUs: number, seq: number): PlannedOp => ({ atUs, kind: 'send', shape: 'general-chatbot', userId: 1, conversationId: 1, seq, chars: 10 });

function sourceOf(atUsList: number[]): OperationSource {
  const ops = atUsList.map(op);
  let i = 0;
  return { next: () => ops[i++] };
}

/** An endless plan, one op every `stepUs`, that counts how many ops were drawn from it. */
function endlessSource(stepUs: number): OperationSource & { drawn: () => number } {
  let i = 0;
  return { next: () => op(i * stepUs, i++), drawn: () => i };
}

/** Actual fire times read from the fake clock, not from what the scheduler says. */
function recordFires(clock: SchedulerClock) {
  const fires: { intendedUs: number; firedUs: number }[] = [];
  return { fires, fire: (_op: PlannedOp, intendedUs: number) => void fires.push({ intendedUs, firedUs: clock.nowUs() }) };
}

describe('OpScheduler', () => {
  it('fires every operation at its absolute intended time: never before, and at most one wake-up late', () => {
    const lagUs = 300;
    const fake = fakeClock(1_000_000, lagUs);
    const { fires, fire } = recordFires(fake.clock);
    let exhausted = false;
    const atUs = [0, 500, 10_000, 2_000_000, 2_000_400, 7_000_000];
    const scheduler = new OpScheduler(sourceOf(atUs), fake.clock, fire, () => (exhausted = true));
    scheduler.start(1_000_000);
    fake.runAll();
    expect(fires.map((f) => f.intendedUs)).toEqual(atUs.map((a) => 1_000_000 + a));
    for (const f of fires) {
      expect(f.firedUs).toBeGreaterThanOrEqual(f.intendedUs);
      // The first op is fired inside start(), with no wake-up; every later one by a wake-up or a poll.
      expect(f.firedUs - f.intendedUs).toBeLessThanOrEqual(lagUs + POLL_US);
    }
    expect(exhausted).toBe(true);
    expect(scheduler.fired).toBe(atUs.length);
  });

  it('does not drift: with every wake-up 0.7 ms late, the 50th send is no later than the first', () => {
    const lagUs = 700;
    const fake = fakeClock(0, lagUs);
    const { fires, fire } = recordFires(fake.clock);
    const atUs = Array.from({ length: 50 }, (_, i) => i * 10_000);
    new OpScheduler(sourceOf(atUs), fake.clock, fire, () => {}).start(0);
    fake.runAll();
    expect(fires).toHaveLength(50);
    const latenessUs = fires.map((f) => f.firedUs - f.intendedUs);
    // A scheduler sleeping relative intervals would be 49 × 0.7 ms ≈ 34 ms late by the last send.
    expect(Math.max(...latenessUs)).toBeLessThanOrEqual(lagUs + POLL_US);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(latenessUs.slice(-10))).toBeLessThanOrEqual(mean(latenessUs.slice(1, 11)) + POLL_US);
  });

  it('uses a timer for far sends and polling only inside the spin window', () => {
    const fake = fakeClock(0);
    const afters: number[] = [];
    const clock: SchedulerClock = { ...fake.clock, after: (ms, cb) => { afters.push(ms); fake.clock.after(ms, cb); } };
    new OpScheduler(sourceOf([100_000]), clock, () => {}, () => {}).start(0);
    expect(afters).toEqual([(100_000 - SPIN_WINDOW_US) / 1000]);
  });

  it('when it falls behind, fires everything already due at once and lateness shows it (no silent thinning)', () => {
    const fake = fakeClock(0);
    const { fires, fire } = recordFires(fake.clock);
    const scheduler = new OpScheduler(sourceOf([0, 1_000, 2_000, 3_000]), fake.clock, fire, () => {});
    fake.advance(5_000); // the event loop was blocked for 5 ms before the first pump
    scheduler.start(0);
    fake.runAll();
    expect(fires.map((f) => f.firedUs - f.intendedUs)).toEqual([5_000, 4_000, 3_000, 2_000]);
  });

  it('far behind, yields to the event loop between bursts, so a stop message gets through', () => {
    const fake = fakeClock(0);
    const source = endlessSource(1); // a million ops due per second: far beyond any machine
    let fired = 0;
    const scheduler = new OpScheduler(source, fake.clock, () => {
      fired += 1;
      fake.advance(10); // each send costs 10 µs
    }, () => {});
    fake.advance(1_000_000);
    scheduler.start(0);
    // One turn fires for at most MAX_TURN_US, then hands the event loop back.
    expect(fired).toBe(MAX_TURN_US / 10);
    expect(fake.pending()).toBe(1);
    fake.runUntil(fake.clock.nowUs() + POLL_US);
    expect(fired).toBe((2 * MAX_TURN_US) / 10);
    scheduler.stop();
    fake.runAll();
    expect(fired).toBe((2 * MAX_TURN_US) / 10);
  });
});

describe('OpScheduler.stop() counts what was due and not sent, without generating the rest of the plan', () => {
  it('counts the backlog of due operations and leaves later ones undrawn', () => {
    const fake = fakeClock(0);
    const source = endlessSource(1_000);
    const scheduler = new OpScheduler(source, fake.clock, () => {}, () => {});
    scheduler.start(0);
    fake.runUntil(4_500); // ops at 0–4 ms fired
    expect(scheduler.fired).toBe(5);
    fake.advance(10_000); // the loop is blocked; ops at 5–14 ms come due unsent
    expect(scheduler.stop()).toBe(10);
    expect(source.drawn()).toBe(16); // 15 due + the one that told the count to stop
    expect(scheduler.stop()).toBe(0);
  });

  it('counts nothing when stopped before the start', () => {
    const source = endlessSource(1);
    const scheduler = new OpScheduler(source, fakeClock(5_000_000).clock, () => {}, () => {});
    expect(scheduler.stop()).toBe(0);
    expect(source.drawn()).toBe(1);
  });

  it('estimates a huge backlog from the ops counted, drawing at most MAX_COUNTED_AT_STOP + 1', () => {
    const fake = fakeClock(0);
    const source = endlessSource(1);
    const scheduler = new OpScheduler(source, fake.clock, () => {}, () => {});
    fake.advance(-1); // started just before the first op was due, so nothing is fired by start()
    scheduler.start(0);
    fake.advance(2_000_000);
    // Ops at 0 … 1,999,999 µs are due: 2,000,000, counted to 100,000 and extrapolated at 1 per µs.
    expect(scheduler.stop()).toBe(2_000_000);
    expect(source.drawn()).toBeLessThanOrEqual(MAX_COUNTED_AT_STOP + 2);
  });
});

describe('coordinated omission on a fake clock', () => {
  it('latency from the intended time shows a server stall and a generator stall that service time from the actual send hides', () => {
    // One op per ms for 1 s over a single connection; the server answers in 0.5 ms, except that
    // it holds every answer from 300 ms until 400 ms (requests queue for the connection
    // meanwhile), and the generator's own event loop is blocked from 699.9 ms to 749.9 ms.
    const fake = fakeClock(0);
    const latency = createHistogram();
    const service = createHistogram();
    const byIntendedMs = new Map<number, { latencyUs: number; serviceUs: number }>();
    const queue: number[] = [];
    let busy = false;
    const answerAtUs = (sentUs: number) => (sentUs >= 300_000 && sentUs < 400_000 ? 400_000 : sentUs + 500);
    const sendNext = () => {
      const intendedUs = queue.shift();
      if (intendedUs === undefined) return;
      busy = true;
      const sentUs = fake.clock.nowUs(); // the connection takes the request: service time starts here
      fake.clock.after((answerAtUs(sentUs) - sentUs) / 1000, () => {
        const doneUs = fake.clock.nowUs();
        latency.recordValue(Math.round(doneUs - intendedUs));
        service.recordValue(Math.round(doneUs - sentUs));
        byIntendedMs.set(intendedUs / 1000, { latencyUs: doneUs - intendedUs, serviceUs: doneUs - sentUs });
        busy = false;
        sendNext();
      });
    };
    const atUs = Array.from({ length: 1_000 }, (_, i) => i * 1_000);
    new OpScheduler(sourceOf(atUs), fake.clock, (_op, intendedUs) => {
      queue.push(intendedUs);
      if (!busy) sendNext();
    }, () => {}).start(0);
    fake.clock.after(699.9, () => fake.advance(50_000));
    fake.runAll();
    expect(latency.totalCount).toBe(1_000);
    const at = (ms: number) => byIntendedMs.get(ms)!;
    // The op in service when the stall starts is held 100 ms, and both measures show it.
    expect(at(300).latencyUs).toBeCloseTo(100_000, 3);
    expect(at(300).serviceUs).toBeCloseTo(100_000, 3);
    // The next one waits for the connection: 99.5 ms from its intended time, 0.5 ms from its send.
    expect(at(301).latencyUs).toBeCloseTo(99_500, 3);
    expect(at(301).serviceUs).toBeCloseTo(500, 3);
    // Due at 700 ms, sent when the generator's loop came back at 749.9 ms: late, and latency says so.
    expect(at(700).latencyUs).toBeCloseTo(50_400, 3);
    expect(at(700).serviceUs).toBeCloseTo(500, 3);
    // Over the run, ≈15 % of ops waited: latency p99 is tens of ms, service p99 stays 0.5 ms.
    expect(latency.getValueAtPercentile(99) / 1_000).toBeGreaterThan(50);
    expect(service.getValueAtPercentile(99)).toBe(500);
  });
});
