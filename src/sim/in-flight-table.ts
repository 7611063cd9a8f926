import type { Pricing } from '../platform/pricing.js';
import type { PlannedOp } from '../traffic/operation.js';

/**
 * The calls inside the sim's platform, as parallel arrays indexed by a handle (the event
 * queue's payload), with a free list: memory follows the calls in flight, never the total.
 */
const INITIAL = 1024;

export class InFlightTable {
  #ops: (PlannedOp | undefined)[] = new Array(INITIAL);
  pricing: (Pricing | undefined)[] = new Array(INITIAL);
  arrivedUs = new Float64Array(INITIAL);
  serviceUs = new Float64Array(INITIAL);
  quotaWaitUs = new Float64Array(INITIAL);
  fileBytes = new Float64Array(INITIAL);
  stage = new Uint8Array(INITIAL);
  measured = new Uint8Array(INITIAL);
  #free = new Int32Array(INITIAL);
  #freeCount = 0;
  #used = 0;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** A handle for a call that arrived at `arrivedUs`. */
  add(op: PlannedOp, arrivedUs: number, measured: boolean): number {
    let h: number;
    if (this.#freeCount > 0) h = this.#free[--this.#freeCount] as number;
    else {
      if (this.#used === this.arrivedUs.length) this.#grow();
      h = this.#used++;
    }
    this.#ops[h] = op;
    this.pricing[h] = undefined;
    this.arrivedUs[h] = arrivedUs;
    this.serviceUs[h] = 0;
    this.quotaWaitUs[h] = 0;
    this.fileBytes[h] = 0;
    this.stage[h] = 0;
    this.measured[h] = measured ? 1 : 0;
    this.#size += 1;
    return h;
  }

  op(h: number): PlannedOp {
    return this.#ops[h] as PlannedOp;
  }

  free(h: number): void {
    this.#ops[h] = undefined;
    this.pricing[h] = undefined;
    this.#free[this.#freeCount++] = h;
    this.#size -= 1;
  }

  #grow(): void {
    const size = this.arrivedUs.length * 2;
    const grow = <T extends Float64Array | Uint8Array | Int32Array>(from: T, make: (n: number) => T): T => {
      const to = make(size);
      to.set(from);
      return to;
    };
    this.#ops.length = size;
    this.pricing.length = size;
    this.arrivedUs = grow(this.arrivedUs, (n) => new Float64Array(n));
    this.serviceUs = grow(this.serviceUs, (n) => new Float64Array(n));
    this.quotaWaitUs = grow(this.quotaWaitUs, (n) => new Float64Array(n));
    this.fileBytes = grow(this.fileBytes, (n) => new Float64Array(n));
    this.stage = grow(this.stage, (n) => new Uint8Array(n));
    this.measured = grow(this.measured, (n) => new Uint8Array(n));
    this.#free = grow(this.#free, (n) => new Int32Array(n));
  }
}
