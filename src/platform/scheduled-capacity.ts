import type { Clock } from '../clock.js';
import { type CapacityModel, QUEUED, REFUSED } from './capacity-model.js';

/** What a call spent in the platform: waiting for a slot, then in it. */
export interface ServiceOutcome {
  readonly queuedUs: number;
  readonly serviceUs: number;
}

export type ServiceDone = (outcome: ServiceOutcome) => void;

/**
 * The capacity state machine on a Clock, for the HTTP face: each admitted call keeps its
 * callback until its service ends (a timer on the clock). A zero service time ends at once,
 * synchronously, so a zero-cost model adds no timer. The sim drives CapacityModel directly.
 */
export class ScheduledCapacity {
  readonly #model: CapacityModel;
  readonly #clock: Clock;
  readonly #waiting = new Map<number, ServiceDone>();
  #nextHandle = 0;

  constructor(model: CapacityModel, clock: Clock) {
    this.#model = model;
    this.#clock = clock;
  }

  get model(): CapacityModel {
    return this.#model;
  }

  /** Admits a call; false when refused (business calls only, `mayRefuse`). `done` runs when service ends. */
  submit(kind: string, payloadBytes: number, mayRefuse: boolean, done: ServiceDone): boolean {
    const handle = this.#nextHandle;
    this.#nextHandle = (this.#nextHandle + 1) % Number.MAX_SAFE_INTEGER;
    const result = this.#model.admit(
      handle,
      this.#model.kindIndex(kind),
      payloadBytes,
      this.#clock.nowUs(),
      mayRefuse,
    );
    if (result === REFUSED) return false;
    if (result === QUEUED) this.#waiting.set(handle, done);
    else this.#serve(0, result, done);
    return true;
  }

  #serve(queuedUs: number, serviceUs: number, done: ServiceDone): void {
    if (serviceUs <= 0) {
      this.#finish(queuedUs, 0, done);
      return;
    }
    this.#clock.afterUs(serviceUs, () => this.#finish(queuedUs, serviceUs, done));
  }

  /** Frees the slot for the next waiting call (a loop, not recursion, for zero-cost waiters), then answers. */
  #finish(queuedUs: number, serviceUs: number, done: ServiceDone): void {
    for (;;) {
      const next = this.#model.release(this.#clock.nowUs());
      if (next < 0) break;
      const nextDone = this.#waiting.get(next) as ServiceDone;
      this.#waiting.delete(next);
      const nextQueuedUs = this.#model.startedQueuedUs;
      const nextServiceUs = this.#model.startedServiceUs;
      if (nextServiceUs > 0) {
        this.#clock.afterUs(nextServiceUs, () => this.#finish(nextQueuedUs, nextServiceUs, nextDone));
        break;
      }
      nextDone({ queuedUs: nextQueuedUs, serviceUs: 0 });
    }
    done({ queuedUs, serviceUs });
  }
}
