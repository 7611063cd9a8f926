import { ChatloadError } from '../errors.js';

/**
 * Per-user platform state of one business number — when the user's service window opened and
 * the pair rate limit's theoretical arrival time — kept in typed arrays keyed by the user's
 * numeric wa_id (exact below 2⁵³). A Map of string pair keys cost ~100 B a user; this costs
 * 16 B a slot (24 B with the pair limit on) at 35–70 % load. In a simulated day of 10⁸
 * chatbot users ~19 M distinct users write (a conversation picks its user at random among the
 * enrolled), so this table is the largest state of the run: its width is the run's memory.
 *
 * Open addressing with linear probing. Entries are never deleted one by one: when the table
 * must grow, entries whose window has closed and whose pair debt is repaid are left behind,
 * so memory follows the users active in the last window, not every user ever seen.
 */
const EMPTY = -1;
const MAX_LOAD = 0.7;
const MIN_CAPACITY = 1024;
const NO_PAIR_STATE = new Float64Array(0);

export class UserStateTable {
  #keys: Float64Array;
  #windowOpenedUs: Float64Array;
  /** Empty when the pair limit is off: its column would be a third of the table, never read. */
  #pairTatUs: Float64Array;
  #mask: number;
  #size = 0;
  readonly #windowUs: number;
  readonly #trackPair: boolean;

  /**
   * `windowUs`: how long a window stays open; entries older than that (and repaid) may be dropped.
   * `trackPair`: whether the pair rate limit's state is kept (the limit is on).
   */
  constructor(windowUs: number, trackPair: boolean, initialCapacity = MIN_CAPACITY) {
    this.#windowUs = windowUs;
    this.#trackPair = trackPair;
    const capacity = powerOfTwoAtLeast(Math.max(MIN_CAPACITY, initialCapacity));
    this.#keys = new Float64Array(capacity).fill(EMPTY);
    this.#windowOpenedUs = new Float64Array(capacity);
    this.#pairTatUs = this.#pairColumn(capacity);
    this.#mask = capacity - 1;
  }

  get size(): number {
    return this.#size;
  }

  /** Slots allocated (a power of two). */
  get capacity(): number {
    return this.#mask + 1;
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
    if (this.#trackPair) this.#pairTatUs[slot] = Number.NEGATIVE_INFINITY;
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
    return this.#trackPair ? (this.#pairTatUs[slot] as number) : Number.NEGATIVE_INFINITY;
  }

  setPairTatUs(slot: number, tatUs: number): void {
    if (!this.#trackPair) throw new ChatloadError('CHATLOAD_E_INTERNAL', 'pair rate state written to a user table made without it');
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

  /**
   * Moves live entries into a table sized for them: load MAX_LOAD / 2 after the move, so the
   * table doubles when every entry is still live and stays (or shrinks) when many have expired.
   * (Sizing for live + 1 once made every growth ×4: 4 GiB of tables in a 10⁸-user day.)
   */
  #rehash(nowUs: number): void {
    const keys = this.#keys;
    const opened = this.#windowOpenedUs;
    const tat = this.#pairTatUs;
    const isLive = (slot: number): boolean =>
      (keys[slot] as number) !== EMPTY &&
      (nowUs - (opened[slot] as number) < this.#windowUs || (this.#trackPair && (tat[slot] as number) > nowUs));
    let live = 0;
    for (let slot = 0; slot < keys.length; slot++) if (isLive(slot)) live += 1;
    const capacity = powerOfTwoAtLeast(Math.max(MIN_CAPACITY, Math.ceil(live / (MAX_LOAD / 2))));
    this.#keys = new Float64Array(capacity).fill(EMPTY);
    this.#windowOpenedUs = new Float64Array(capacity);
    this.#pairTatUs = this.#pairColumn(capacity);
    this.#mask = capacity - 1;
    this.#size = 0;
    for (let slot = 0; slot < keys.length; slot++) {
      if (!isLive(slot)) continue;
      const to = this.#emptySlotFor(keys[slot] as number);
      this.#keys[to] = keys[slot] as number;
      this.#windowOpenedUs[to] = opened[slot] as number;
      if (this.#trackPair) this.#pairTatUs[to] = tat[slot] as number;
      this.#size += 1;
    }
  }

  #pairColumn(capacity: number): Float64Array {
    return this.#trackPair ? new Float64Array(capacity) : NO_PAIR_STATE;
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
