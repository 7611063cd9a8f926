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
 * Longest stretch the scheduler fires without yielding to the event loop. Only a scheduler that
 * has fallen behind fires for this long; yielding then lets answers, snapshots and a stop
 * message through, so a plan too big for the machine can still be interrupted.
 */
export const MAX_TURN_US = 5_000;

/** Due operations `stop()` draws to count them; past this many, the rest of the backlog is estimated. */
export const MAX_COUNTED_AT_STOP = 100_000;

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
  #started = false;
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
    this.#started = true;
    this.#pump();
  }

  /**
   * Stops firing; returns how many operations were already due and never sent (the backlog).
   * Operations due after the stop are not counted: the plan is a lazy stream, and generating
   * the rest of a large plan only to count it made Ctrl-C hang. The backlog is counted exactly up
   * to MAX_COUNTED_AT_STOP draws; beyond that (a generator far behind), the remainder is
   * estimated from the rate of intended times among those counted.
   */
  stop(): number {
    if (this.#stopped) return 0;
    this.#stopped = true;
    const op = this.#next;
    this.#next = undefined;
    if (!this.#started || op === undefined) return 0;
    return this.#countDue(op, this.#clock.nowUs() - this.#startAtUs);
  }

  #countDue(first: PlannedOp, dueAtUs: number): number {
    let counted = 0;
    let lastAtUs = first.atUs;
    let op: PlannedOp | undefined = first;
    while (op !== undefined && op.atUs <= dueAtUs) {
      if (counted === MAX_COUNTED_AT_STOP) {
        const spanUs = lastAtUs - first.atUs;
        // counted − 1 gaps span the counted ops: the same density over the rest of the due time.
        return spanUs > 0 ? counted + Math.round(((counted - 1) / spanUs) * (dueAtUs - lastAtUs)) : counted;
      }
      counted += 1;
      lastAtUs = op.atUs;
      op = this.#source.next();
    }
    return counted;
  }

  readonly #pump = (): void => {
    if (this.#stopped) return;
    let nowUs = this.#clock.nowUs();
    const turnEndUs = nowUs + MAX_TURN_US;
    let op = this.#next;
    while (op !== undefined) {
      const intendedUs = this.#startAtUs + op.atUs;
      if (intendedUs > nowUs) break;
      if (nowUs >= turnEndUs) {
        // Behind: let I/O and messages through before firing the rest of what is due.
        this.#next = op;
        this.#clock.soon(this.#pump);
        return;
      }
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
