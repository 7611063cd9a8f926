/**
 * A worker's interval boundaries on the run's monotonic clock (µs). An interval is closed when its
 * end has passed, whichever notices first: a completion recorded after the boundary, or the timer.
 * Node's timers count from the loop's cached time, so a timer may fire up to a loop turn before its
 * boundary (0.5–1.7 ms at 3,550 ops/s); such a timer closes nothing and is armed again.
 */
export class IntervalBoundaries {
  readonly #intervalUs: number;
  readonly #close: (index: number) => void;
  #index = 0;
  #endUs = Number.POSITIVE_INFINITY;

  /** `close(index)` hands out the interval `index` (its values recorded since the last close). */
  constructor(intervalUs: number, close: (index: number) => void) {
    this.#intervalUs = intervalUs;
    this.#close = close;
  }

  /** The run starts: the first interval ends one interval after `startAtUs`. */
  start(startAtUs: number): void {
    this.#endUs = startAtUs + this.#intervalUs;
  }

  /** The interval values recorded now belong to (after `closeDue(nowUs)`). */
  get index(): number {
    return this.#index;
  }

  /** Closes every interval that ended at or before `nowUs`, in order (an empty one for a stalled loop's skipped boundary). */
  closeDue(nowUs: number): void {
    while (nowUs >= this.#endUs) {
      this.#close(this.#index);
      this.#index += 1;
      this.#endUs += this.#intervalUs;
    }
  }

  /** Microseconds from `nowUs` to the current interval's end (0 when it has passed). */
  untilEndUs(nowUs: number): number {
    return Math.max(0, this.#endUs - nowUs);
  }
}
