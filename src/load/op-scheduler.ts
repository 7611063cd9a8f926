import type { OperationSource, PlannedOp } from '../traffic/operation.js';
import { usToMs } from '../units.js';

/** Clock and timers, injected so the scheduler runs in tests on a fake clock. */
export interface SchedulerClock {
  nowUs(): number;
  /** Calls back after about `delayMs` (setTimeout: coarse, may be late by a millisecond or more). */
  after(delayMs: number, callback: () => void): void;
  /** Calls back as soon as pending I/O has been served (setImmediate). */
  soon(callback: () => void): void;
}

/**
 * Below this distance to the next due time the scheduler polls with `soon` instead of a
 * timer: setTimeout has millisecond granularity and, on the 2-core VMs measured here, woke
 * p99 1.2–2.0 ms late (max 4 ms). Polling yields to I/O on every turn, so it costs idle CPU only.
 */
export const SPIN_WINDOW_US = 2_500;

/**
 * Sends planned operations at their absolute intended times (`startAtUs + op.atUs`, one
 * monotonic clock), never sleeping a relative interval between sends, so lateness cannot
 * accumulate (wrk2, k6 constant-arrival-rate). When it falls behind, it fires everything
 * already due at once and the lateness is recorded by the caller, never hidden.
 */
export class OpScheduler {
  readonly #source: OperationSource;
  #startAtUs = 0;
  readonly #clock: SchedulerClock;
  readonly #fire: (op: PlannedOp, intendedUs: number, nowUs: number) => void;
  readonly #onExhausted: () => void;
  #next: PlannedOp | undefined;
  #stopped = false;
  #fired = 0;

  /**
   * Draws the first operation at once: with a pre-roll that means generating every conversation
   * started before the run, work that must happen before the start, not as a burst after it.
   */
  constructor(
    source: OperationSource,
    clock: SchedulerClock,
    fire: (op: PlannedOp, intendedUs: number, nowUs: number) => void,
    onExhausted: () => void,
  ) {
    this.#source = source;
    this.#clock = clock;
    this.#fire = fire;
    this.#onExhausted = onExhausted;
    this.#next = source.next();
  }

  get fired(): number {
    return this.#fired;
  }

  /** Op n is due at `startAtUs + op.atUs` on the clock. */
  start(startAtUs: number): void {
    this.#startAtUs = startAtUs;
    this.#pump();
  }

  /** Stops firing; returns how many planned operations were never sent. */
  stop(): number {
    if (this.#stopped) return 0;
    this.#stopped = true;
    let notSent = 0;
    for (let op = this.#next; op !== undefined; op = this.#source.next()) notSent += 1;
    this.#next = undefined;
    return notSent;
  }

  readonly #pump = (): void => {
    if (this.#stopped) return;
    let nowUs = this.#clock.nowUs();
    let op = this.#next;
    while (op !== undefined) {
      const intendedUs = this.#startAtUs + op.atUs;
      if (intendedUs > nowUs) break;
      this.#fire(op, intendedUs, nowUs);
      this.#fired += 1;
      op = this.#source.next();
      nowUs = this.#clock.nowUs();
    }
    this.#next = op;
    if (op === undefined) {
      this.#stopped = true;
      this.#onExhausted();
      return;
    }
    const waitUs = this.#startAtUs + op.atUs - nowUs;
    if (waitUs <= SPIN_WINDOW_US) this.#clock.soon(this.#pump);
    else this.#clock.after(usToMs(waitUs - SPIN_WINDOW_US), this.#pump);
  };
}
