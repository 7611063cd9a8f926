/**
 * The customer-service window (research §6): a user message to a business number opens it for
 * 24 h and every new user message restarts it. Outside it only templates may be sent (131047).
 */
export class ServiceWindows {
  private readonly lastInboundUsByPair = new Map<string, number>();
  private readonly windowUs: number;

  constructor(windowHours = 24) {
    this.windowUs = windowHours * 3_600_000_000;
  }

  static pairKey(phoneNumberId: string, waId: string): string {
    return `${phoneNumberId}:${waId}`;
  }

  /** Records a user message; a Map re-insert keeps the most recent pairs last, for pruning. */
  open(pairKey: string, nowUs: number): void {
    this.lastInboundUsByPair.delete(pairKey);
    this.lastInboundUsByPair.set(pairKey, nowUs);
  }

  isOpen(pairKey: string, nowUs: number): boolean {
    const lastUs = this.lastInboundUsByPair.get(pairKey);
    return lastUs !== undefined && nowUs - lastUs < this.windowUs;
  }

  /** Forgets closed windows, oldest first, stopping at the first open one. */
  prune(nowUs: number): void {
    for (const [key, lastUs] of this.lastInboundUsByPair) {
      if (nowUs - lastUs < this.windowUs) return;
      this.lastInboundUsByPair.delete(key);
    }
  }

  get openPairs(): number {
    return this.lastInboundUsByPair.size;
  }

  reset(): void {
    this.lastInboundUsByPair.clear();
  }
}
