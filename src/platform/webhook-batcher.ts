import type { Clock } from '../clock.js';

/**
 * How updates are grouped into POSTs (decision 0009): one update per POST by default
 * (`maxItems` 1); as an opt-in stress setting, up to `maxItems` updates that arrive within
 * `windowMs` of the first share one POST. Clock-driven, so the mock groups on real timers and
 * the sim would group on virtual time by the same rule.
 */
export class WebhookBatcher<T> {
  #buffer: T[] = [];
  #timerArmed = false;
  #generation = 0;
  readonly #maxItems: number;
  readonly #windowUs: number;
  readonly #clock: Clock;
  readonly #onBatch: (items: T[]) => void;

  constructor(maxItems: number, windowUs: number, clock: Clock, onBatch: (items: T[]) => void) {
    this.#maxItems = Math.max(1, maxItems);
    this.#windowUs = windowUs;
    this.#clock = clock;
    this.#onBatch = onBatch;
  }

  add(item: T): void {
    this.#buffer.push(item);
    if (this.#buffer.length >= this.#maxItems) this.flush();
    else if (!this.#timerArmed) {
      this.#timerArmed = true;
      const generation = this.#generation;
      this.#clock.afterUs(this.#windowUs, () => {
        if (generation === this.#generation) this.flush();
      });
    }
  }

  /** Hands what is buffered to `onBatch` now, as one batch. */
  flush(): void {
    this.#timerArmed = false;
    this.#generation += 1;
    if (this.#buffer.length === 0) return;
    const batch = this.#buffer;
    this.#buffer = [];
    this.#onBatch(batch);
  }
}
