import { monotonicNowUs, usToMs } from '../units.js';
import { EventLoopDelaySampler } from './event-loop-delay.js';
import type { Histogram } from './hdr-settings.js';

/** Receives one thread's event-loop delay of interval `index` (house HDR settings, µs), lent for the call. */
export type FloorReport = (index: number, delayUs: Histogram) => void;

/**
 * One thread's event-loop delay, handed over once per interval at the run's interval boundaries
 * (`startAtUs + (i + 1) · intervalUs` on the shared monotonic clock), as the load workers hand
 * over their snapshots: the coordinator's thread and the embedded mock's run one each.
 */
export class EventLoopFloor {
  readonly #sampler = new EventLoopDelaySampler();
  #timer: NodeJS.Timeout | undefined;
  #index = 0;
  #report: FloorReport | undefined;

  /** Starts measuring now (what came before is forgotten); reports interval i at its end. */
  start(startAtUs: number, intervalUs: number, report: FloorReport): void {
    this.#sampler.reset();
    this.#report = report;
    const next = () => {
      const dueUs = startAtUs + (this.#index + 1) * intervalUs;
      this.#timer = setTimeout(
        () => {
          report(this.#index, this.#sampler.take());
          this.#index += 1;
          next();
        },
        Math.max(0, usToMs(dueUs - monotonicNowUs())),
      );
      // The floor never keeps a thread alive on its own.
      this.#timer.unref();
    };
    next();
  }

  /** Reports the interval under way (partial) and stops; idempotent. */
  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const report = this.#report;
    this.#report = undefined;
    report?.(this.#index, this.#sampler.take());
    this.#sampler.close();
  }
}
