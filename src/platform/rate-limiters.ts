/**
 * Rate limits as GCRA (the "virtual scheduling" form of a token bucket): one number per key,
 * the theoretical arrival time, so a million user pairs cost a million numbers, not timers.
 * A burst of n borrows n intervals of future quota, which must be repaid before the full burst
 * is available again — Meta's description of the pair rate limit (research §4.2).
 */
export class GcraLimiter {
  private readonly intervalUs: number;
  private readonly toleranceUs: number;
  private readonly tatUsByKey = new Map<string, number>();
  private lastPruneUs = 0;

  /**
   * @param ratePerSecond sustained rate allowed per key
   * @param burst requests allowed back to back from an idle key (≥ 1)
   */
  constructor(ratePerSecond: number, burst: number) {
    this.intervalUs = 1_000_000 / ratePerSecond;
    this.toleranceUs = (Math.max(1, burst) - 1) * this.intervalUs;
  }

  /** Takes one unit for `key` at `nowUs`; false (and nothing taken) when over the limit. */
  tryTake(key: string, nowUs: number): boolean {
    const tatUs = this.tatUsByKey.get(key) ?? nowUs;
    const startUs = Math.max(tatUs, nowUs);
    if (startUs - nowUs > this.toleranceUs) return false;
    this.tatUsByKey.set(key, startUs + this.intervalUs);
    this.maybePrune(nowUs);
    return true;
  }

  /** µs until `key` may send again (0 when it may now). */
  waitUs(key: string, nowUs: number): number {
    const tatUs = this.tatUsByKey.get(key) ?? nowUs;
    return Math.max(0, tatUs - this.toleranceUs - nowUs);
  }

  get trackedKeys(): number {
    return this.tatUsByKey.size;
  }

  reset(): void {
    this.tatUsByKey.clear();
  }

  /** Keys whose debt is repaid carry no state; dropping them keeps memory flat over long runs. */
  private maybePrune(nowUs: number): void {
    if (this.tatUsByKey.size < 10_000 || nowUs - this.lastPruneUs < 10_000_000) return;
    this.lastPruneUs = nowUs;
    for (const [key, tatUs] of this.tatUsByKey) if (tatUs <= nowUs) this.tatUsByKey.delete(key);
  }
}

/** The burst when a scenario names none: one second's worth of the rate. */
export const defaultThroughputBurst = (perSecond: number): number => Math.max(1, Math.round(perSecond));

/**
 * Throughput per business number (in + out): `perSecond` sustained, `burst` back to back from
 * idle (mock setting `throughputBurst`, by default equal to the rate) → 130429.
 */
export function throughputLimiter(perSecond: number, burst: number = defaultThroughputBurst(perSecond)): GcraLimiter {
  return new GcraLimiter(perSecond, burst);
}

/** Pair rate (business number, user): one per `intervalSeconds`, bursts of `burst` → 131056. */
export function pairRateLimiter(intervalSeconds: number, burst: number): GcraLimiter {
  return new GcraLimiter(1 / intervalSeconds, burst);
}
