/**
 * Per-user platform state of one business number — when the user's service window opened and
 * the pair rate limit's theoretical arrival time — kept in typed arrays keyed by the user's
 * numeric wa_id (exact below 2⁵³). A Map of string pair keys cost ~100 B a user; this costs
 * 24 B a slot at ≤ 70 % load, so a simulated day of 10⁷ active users fits in a few hundred MB.
 *
 * Open addressing with linear probing. Entries are never deleted one by one: when the table
 * must grow, entries whose window has closed and whose pair debt is repaid are left behind,
 * so memory follows the users active in the last window, not every user ever seen.
 */
const EMPTY = -1;
const MAX_LOAD = 0.7;
const MIN_CAPACITY = 1024;

export class UserStateTable {
  #keys: Float64Array;
  #windowOpenedUs: Float64Array;
  #pairTatUs: Float64Array;
  #mask: number;
  #size = 0;
  readonly #windowUs: number;

  /** `windowUs`: how long a window stays open; entries older than that (and repaid) may be dropped. */
  constructor(windowUs: number, initialCapacity = MIN_CAPACITY) {
    this.#windowUs = windowUs;
    const capacity = powerOfTwoAtLeast(Math.max(MIN_CAPACITY, initialCapacity));
    this.#keys = new Float64Array(capacity).fill(EMPTY);
    this.#windowOpenedUs = new Float64Array(capacity);
    this.#pairTatUs = new Float64Array(capacity);
    this.#mask = capacity - 1;
  }

  get size(): number {
    return this.#size;
  }

  /** Slot of `userKey`, or −1 when the user has no state. */
  find(userKey: number): number {
    const keys = this.#keys;
    for (let slot = hashOf(userKey) & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const key = keys[slot] as number;
      if (key === userKey) return slot;
      if (key === EMPTY) return -1;
    }
  }

  /** Slot of `userKey`, created with a never-opened window and no pair debt when absent. */
  slotOf(userKey: number, nowUs: number): number {
    const found = this.find(userKey);
    if (found >= 0) return found;
    if (this.#size + 1 > MAX_LOAD * (this.#mask + 1)) this.#rehash(nowUs);
    const slot = this.#emptySlotFor(userKey);
    this.#keys[slot] = userKey;
    this.#windowOpenedUs[slot] = Number.NEGATIVE_INFINITY;
    this.#pairTatUs[slot] = Number.NEGATIVE_INFINITY;
    this.#size += 1;
    return slot;
  }

  windowOpenedUs(slot: number): number {
    return this.#windowOpenedUs[slot] as number;
  }

  setWindowOpenedUs(slot: number, atUs: number): void {
    this.#windowOpenedUs[slot] = atUs;
  }

  pairTatUs(slot: number): number {
    return this.#pairTatUs[slot] as number;
  }

  setPairTatUs(slot: number, tatUs: number): void {
    this.#pairTatUs[slot] = tatUs;
  }

  /** Whether `userKey`'s window is open at `nowUs` (no state is created). */
  windowOpen(userKey: number, nowUs: number): boolean {
    const slot = this.find(userKey);
    return slot >= 0 && nowUs - (this.#windowOpenedUs[slot] as number) < this.#windowUs;
  }

  clear(): void {
    this.#keys.fill(EMPTY);
    this.#size = 0;
  }

  #emptySlotFor(userKey: number): number {
    const keys = this.#keys;
    let slot = hashOf(userKey) & this.#mask;
    while ((keys[slot] as number) !== EMPTY) slot = (slot + 1) & this.#mask;
    return slot;
  }

  /** Moves live entries into a table sized for them (doubling only when they still fill it). */
  #rehash(nowUs: number): void {
    const keys = this.#keys;
    const opened = this.#windowOpenedUs;
    const tat = this.#pairTatUs;
    let live = 0;
    for (let slot = 0; slot < keys.length; slot++) {
      if (
        (keys[slot] as number) !== EMPTY &&
        this.#isLive(opened[slot] as number, tat[slot] as number, nowUs)
      )
        live += 1;
    }
    const capacity = powerOfTwoAtLeast(Math.max(MIN_CAPACITY, Math.ceil((live + 1) / (MAX_LOAD / 2))));
    this.#keys = new Float64Array(capacity).fill(EMPTY);
    this.#windowOpenedUs = new Float64Array(capacity);
    this.#pairTatUs = new Float64Array(capacity);
    this.#mask = capacity - 1;
    this.#size = 0;
    for (let slot = 0; slot < keys.length; slot++) {
      const key = keys[slot] as number;
      if (key === EMPTY || !this.#isLive(opened[slot] as number, tat[slot] as number, nowUs)) continue;
      const to = this.#emptySlotFor(key);
      this.#keys[to] = key;
      this.#windowOpenedUs[to] = opened[slot] as number;
      this.#pairTatUs[to] = tat[slot] as number;
      this.#size += 1;
    }
  }

  #isLive(windowOpenedUs: number, pairTatUs: number, nowUs: number): boolean {
    return nowUs - windowOpenedUs < this.#windowUs || pairTatUs > nowUs;
  }
}

function powerOfTwoAtLeast(n: number): number {
  let capacity = 1;
  while (capacity < n) capacity *= 2;
  return capacity;
}

/** Mixes both 32-bit halves of an integer key below 2⁵³ (murmur3's finaliser). */
function hashOf(key: number): number {
  let h = (key >>> 0) ^ Math.imul(Math.floor(key / 4_294_967_296) | 0, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
