import { monotonicNowUs, US_PER_MS } from './units.js';

/**
 * The one clock interface. Platform rules, the scheduler and the capacity model take a Clock,
 * so the mock runs them on real timers, the sim on virtual time and tests on a fake clock;
 * no rule reads `Date.now()` or `performance.now()` itself.
 */
export interface Clock {
  /** Now, in µs on this clock's monotonic time line. */
  nowUs(): number;
  /** Calls `callback` once `delayUs` of this clock's time has passed (a real timer may be late). */
  afterUs(delayUs: number, callback: () => void): void;
  /** Calls `callback` as soon as pending I/O has been served (setImmediate). */
  soon(callback: () => void): void;
}

/**
 * Real time: `process.hrtime` (shared by every thread of the process) and Node's timers, with
 * due times kept in absolute µs. Node's timers count whole milliseconds from the loop's
 * truncated time, so a 5.0–5.99 ms `setTimeout` fires at ~5.2 ms and a modelled service would
 * end early; here a timer is armed for whole milliseconds up to half a millisecond before the
 * due time (again if it fired early), and the rest is a `setImmediate` tail shared by every timer
 * due in it.
 * bench/timer-precision.mjs measures the error and the CPU the tail costs.
 */
export const realClock: Clock = {
  nowUs: monotonicNowUs,
  afterUs: (delayUs, callback) => atUs(monotonicNowUs() + delayUs, callback),
  soon: (callback) => void setImmediate(callback),
};

/**
 * How much of a delay the tail serves. A `setTimeout` of N ms fires up to a few tenths of a ms
 * after N (the loop's ms clock), so arming whole ms up to the due time overshot it whenever the
 * remainder was small: mean error +0.14 ms. Leaving the last 0.5 ms to the tail brings it to
 * +0.03 ms for about twice the CPU (bench/timer-precision.mjs, in the README).
 */
const TAIL_US = 500;

/** Calls `callback` at absolute monotonic time `dueUs` (never before it, never synchronously). */
function atUs(dueUs: number, callback: () => void): void {
  const leftUs = dueUs - monotonicNowUs();
  if (leftUs >= US_PER_MS + TAIL_US) setTimeout(atUs, Math.floor((leftUs - TAIL_US) / US_PER_MS), dueUs, callback);
  else joinTail(dueUs, callback);
}

const tailDueUs: number[] = [];
const tailCallbacks: (() => void)[] = [];
let tailRunning = false;

function joinTail(dueUs: number, callback: () => void): void {
  tailDueUs.push(dueUs);
  tailCallbacks.push(callback);
  if (!tailRunning) {
    tailRunning = true;
    setImmediate(drainTail);
  }
}

/** One event-loop turn of the tail: runs what is due, keeps the rest for the next turn. */
function drainTail(): void {
  const nowUs = monotonicNowUs();
  const due: (() => void)[] = [];
  let kept = 0;
  for (let i = 0; i < tailDueUs.length; i++) {
    const dueUs = tailDueUs[i] as number;
    const callback = tailCallbacks[i] as () => void;
    if (dueUs <= nowUs) due.push(callback);
    else {
      tailDueUs[kept] = dueUs;
      tailCallbacks[kept] = callback;
      kept += 1;
    }
  }
  tailDueUs.length = kept;
  tailCallbacks.length = kept;
  if (kept > 0) setImmediate(drainTail);
  else tailRunning = false;
  for (const callback of due) callback();
}
