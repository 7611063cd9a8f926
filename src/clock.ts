import { monotonicNowUs, usToMs } from './units.js';

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

/** Real time: `process.hrtime` (shared by every thread of the process) and Node's timers. */
export const realClock: Clock = {
  nowUs: monotonicNowUs,
  afterUs: (delayUs, callback) => void setTimeout(callback, usToMs(delayUs)),
  soon: (callback) => void setImmediate(callback),
};
