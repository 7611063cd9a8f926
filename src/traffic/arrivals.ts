import type { ArrivalRate } from './diurnal-curve.js';
import type { Rng } from './rng.js';

/**
 * Conversation starts of one (cell, shape) as an inhomogeneous Poisson process, by thinning
 * (Lewis & Shedler): candidates at the peak rate, each kept with probability rate(t) / peak.
 * Call-centre arrivals are well modelled this way [S22]. Times are whole µs, ascending.
 */
export class ArrivalStream {
  readonly #rate: ArrivalRate;
  readonly #rng: Rng;
  readonly #endUs: number;
  #candidateUs = 0;
  #done: boolean;

  /** `startUs` may be negative: a pre-roll starts conversations before the run so it begins in steady state. */
  constructor(rate: ArrivalRate, rng: Rng, endUs: number, startUs = 0) {
    this.#candidateUs = startUs;
    this.#rate = rate;
    this.#rng = rng;
    this.#endUs = endUs;
    this.#done = !(rate.maxPerUs > 0);
  }

  /** The next start, floored to whole µs, or undefined once past `endUs` (and ever after). */
  next(): number | undefined {
    const maxPerUs = this.#rate.maxPerUs;
    while (!this.#done) {
      // Candidate times stay unrounded, so flooring the output never shifts later arrivals.
      this.#candidateUs += -Math.log(this.#rng.nextOpenDouble()) / maxPerUs;
      if (this.#candidateUs >= this.#endUs) {
        this.#done = true;
        break;
      }
      if (this.#rng.nextDouble() * maxPerUs < this.#rate.perUsAt(this.#candidateUs))
        return Math.floor(this.#candidateUs);
    }
    return undefined;
  }
}
