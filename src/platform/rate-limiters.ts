import { secondsToUs, US_PER_SECOND } from '../units.js';

/**
 * Rate limits as GCRA (the "virtual scheduling" form of a token bucket): one number of state,
 * the theoretical arrival time (TAT). A burst of n borrows n − 1 intervals of future quota,
 * repaid before the full burst is available again — Meta's description of the pair rate limit
 * (research §4.2). Pure arithmetic on µs, so the same limit runs on real and virtual time.
 */
export interface GcraShape {
  readonly intervalUs: number;
  readonly toleranceUs: number;
}

export function gcraShape(ratePerSecond: number, burst: number): GcraShape {
  const intervalUs = US_PER_SECOND / ratePerSecond;
  return { intervalUs, toleranceUs: (Math.max(1, burst) - 1) * intervalUs };
}

/** The new TAT when a unit is taken at `nowUs`, or NaN when the limit refuses it. */
export function gcraTake(shape: GcraShape, tatUs: number, nowUs: number): number {
  const startUs = Math.max(tatUs, nowUs);
  return startUs - nowUs > shape.toleranceUs ? Number.NaN : startUs + shape.intervalUs;
}

/**
 * A business number's throughput quota, inbound and outbound together (research §4.1): sends
 * take a unit or are refused (130429); a user's message is never refused (decision 0008), it
 * takes its unit when the quota allows and its webhook waits until then — a FIFO drained at
 * the quota, bounded by `maxWaitUs` beyond which the update is dropped.
 */
export class ThroughputQuota {
  readonly #shape: GcraShape;
  readonly #maxWaitUs: number;
  #tatUs = Number.NEGATIVE_INFINITY;

  /** `queueLimit`: inbound updates that may wait at the quota. */
  constructor(ratePerSecond: number, burst: number, queueLimit: number) {
    this.#shape = gcraShape(ratePerSecond, burst);
    this.#maxWaitUs = queueLimit * this.#shape.intervalUs;
  }

  /** A send: takes a unit now, or returns false (nothing taken). */
  tryTake(nowUs: number): boolean {
    const tatUs = gcraTake(this.#shape, this.#tatUs, nowUs);
    if (Number.isNaN(tatUs)) return false;
    this.#tatUs = tatUs;
    return true;
  }

  /** A user's message: µs its webhook waits for the quota (0 under the rate), or −1 when the queue is full. */
  waitTake(nowUs: number): number {
    const releaseUs = Math.max(nowUs, this.#tatUs - this.#shape.toleranceUs);
    const waitUs = releaseUs - nowUs;
    if (waitUs > this.#maxWaitUs) return -1;
    this.#tatUs = Math.max(this.#tatUs, nowUs) + this.#shape.intervalUs;
    return waitUs;
  }

  reset(): void {
    this.#tatUs = Number.NEGATIVE_INFINITY;
  }
}

/** Pair rate (business number, user): one message per `intervalSeconds`, bursts of `burst` (131056). */
export function pairRateShape(intervalSeconds: number, burst: number): GcraShape {
  const intervalUs = secondsToUs(intervalSeconds);
  return { intervalUs, toleranceUs: (Math.max(1, burst) - 1) * intervalUs };
}
