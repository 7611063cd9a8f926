/**
 * A bounded set of integer keys (below 2⁵³) with a small value each, forgetting the oldest
 * beyond its capacity: the sim's messages remembered for mark-as-read. Open addressing with
 * linear probing over typed arrays, deletion by backward shift (no tombstones), and a ring of
 * keys in insertion order for eviction — a few array reads per call, no Map, no allocation.
 */
const EMPTY = -1;

export class NumberRegistry {
  readonly #keys: Float64Array;
  readonly #values: Int32Array;
  readonly #ring: Float64Array;
  readonly #mask: number;
  readonly #capacity: number;
  #head = 0;
  #size = 0;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
    let slots = 2;
    while (slots < this.#capacity * 2) slots *= 2;
    this.#keys = new Float64Array(slots).fill(EMPTY);
    this.#values = new Int32Array(slots);
    this.#ring = new Float64Array(this.#capacity);
    this.#mask = slots - 1;
  }

  get size(): number {
    return this.#size;
  }

  /** Remembers `key` (a non-negative integer) with `value`; a known key keeps its place in the eviction order. */
  set(key: number, value: number): void {
    const slot = this.#find(key);
    if (slot >= 0) {
      this.#values[slot] = value;
      return;
    }
    if (this.#size === this.#capacity) this.#evictOldest();
    let at = this.#home(key);
    while ((this.#keys[at] as number) !== EMPTY) at = (at + 1) & this.#mask;
    this.#keys[at] = key;
    this.#values[at] = value;
    this.#ring[(this.#head + this.#size) % this.#capacity] = key;
    this.#size += 1;
  }

  /** The value remembered for `key`, or −1. */
  get(key: number): number {
    const slot = this.#find(key);
    return slot < 0 ? -1 : (this.#values[slot] as number);
  }

  clear(): void {
    this.#keys.fill(EMPTY);
    this.#head = 0;
    this.#size = 0;
  }

  #find(key: number): number {
    for (let at = this.#home(key); ; at = (at + 1) & this.#mask) {
      const found = this.#keys[at] as number;
      if (found === key) return at;
      if (found === EMPTY) return -1;
    }
  }

  #evictOldest(): void {
    const key = this.#ring[this.#head] as number;
    this.#head = (this.#head + 1) % this.#capacity;
    this.#size -= 1;
    let hole = this.#find(key);
    // Backward-shift deletion: pull later entries of the same probe run into the hole.
    for (let at = (hole + 1) & this.#mask; (this.#keys[at] as number) !== EMPTY; at = (at + 1) & this.#mask) {
      const home = this.#home(this.#keys[at] as number);
      const movable = hole <= at ? home <= hole || home > at : home <= hole && home > at;
      if (movable) {
        this.#keys[hole] = this.#keys[at] as number;
        this.#values[hole] = this.#values[at] as number;
        hole = at;
      }
    }
    this.#keys[hole] = EMPTY;
  }

  #home(key: number): number {
    let h = (key >>> 0) ^ Math.imul(Math.floor(key / 4_294_967_296) | 0, 0x9e3779b1);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h & this.#mask;
  }
}
