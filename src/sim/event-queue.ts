/**
 * The sim's pending events: a binary min-heap over parallel typed arrays (struct of arrays),
 * ordered by (time in integer µs, sequence number) — ns-3's (timestamp, uid) and SimPy's
 * (time, eid) — so events due at the same µs run in the order they were scheduled and the
 * order never depends on float ties. Each event carries one number (the caller's handle).
 * Measured on this project's machine: a struct-of-arrays heap runs ~2× an object heap at
 * 20 B an event (shared/research/scale-and-distribution.md §1).
 */
const INITIAL_CAPACITY = 1024;

export class EventQueue {
  #timesUs = new Float64Array(INITIAL_CAPACITY);
  #seqs = new Float64Array(INITIAL_CAPACITY);
  #payloads = new Float64Array(INITIAL_CAPACITY);
  #size = 0;
  #nextSeq = 0;

  get size(): number {
    return this.#size;
  }

  /** Schedules `payload` at `timeUs` (an integer; callers round). */
  push(timeUs: number, payload: number): void {
    if (this.#size === this.#timesUs.length) this.#grow();
    const seq = this.#nextSeq++;
    let i = this.#size++;
    const times = this.#timesUs;
    const seqs = this.#seqs;
    const payloads = this.#payloads;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentTime = times[parent] as number;
      if (parentTime < timeUs || (parentTime === timeUs && (seqs[parent] as number) < seq)) break;
      times[i] = parentTime;
      seqs[i] = seqs[parent] as number;
      payloads[i] = payloads[parent] as number;
      i = parent;
    }
    times[i] = timeUs;
    seqs[i] = seq;
    payloads[i] = payload;
  }

  /** Time of the next event, or +∞ when none is pending. */
  peekTimeUs(): number {
    return this.#size === 0 ? Number.POSITIVE_INFINITY : (this.#timesUs[0] as number);
  }

  /** Removes the next event and returns its payload (check `size` first). */
  pop(): number {
    const times = this.#timesUs;
    const seqs = this.#seqs;
    const payloads = this.#payloads;
    const top = payloads[0] as number;
    const size = --this.#size;
    if (size === 0) return top;
    const time = times[size] as number;
    const seq = seqs[size] as number;
    const payload = payloads[size] as number;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      let child = left;
      if (right < size) {
        const lt = times[left] as number;
        const rt = times[right] as number;
        if (rt < lt || (rt === lt && (seqs[right] as number) < (seqs[left] as number))) child = right;
      }
      const ct = times[child] as number;
      if (time < ct || (time === ct && seq < (seqs[child] as number))) break;
      times[i] = ct;
      seqs[i] = seqs[child] as number;
      payloads[i] = payloads[child] as number;
      i = child;
    }
    times[i] = time;
    seqs[i] = seq;
    payloads[i] = payload;
    return top;
  }

  #grow(): void {
    const capacity = this.#timesUs.length * 2;
    const grow = (from: Float64Array) => {
      const to = new Float64Array(capacity);
      to.set(from);
      return to;
    };
    this.#timesUs = grow(this.#timesUs);
    this.#seqs = grow(this.#seqs);
    this.#payloads = grow(this.#payloads);
  }
}
