/**
 * A Map that forgets its oldest entries beyond `capacity`, so long runs keep memory flat.
 * Oldest is by first insertion: keys wait in a ring, in order. (Evicting through
 * `map.keys().next()` instead walks past every entry deleted before, which made a simulated
 * day quadratic once a million messages had been seen.)
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();
  private readonly order: (K | undefined)[];
  private head = 0;
  private queued = 0;

  constructor(private readonly capacity: number) {
    this.order = new Array(Math.max(1, capacity) + 1);
  }

  set(key: K, value: V): void {
    if (!this.entries.has(key)) {
      this.order[(this.head + this.queued) % this.order.length] = key;
      this.queued += 1;
    }
    this.entries.set(key, value);
    while (this.entries.size > this.capacity || this.queued === this.order.length) this.evictOldest();
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.order.fill(undefined);
    this.head = 0;
    this.queued = 0;
  }

  private evictOldest(): void {
    const key = this.order[this.head];
    this.order[this.head] = undefined;
    this.head = (this.head + 1) % this.order.length;
    this.queued -= 1;
    // A key deleted explicitly earlier is simply gone already.
    if (key !== undefined) this.entries.delete(key);
  }
}
