import type { PlatformStats } from '../platform/platform-stats.js';

/**
 * What only the HTTP face knows: webhook POSTs made, their outcome and duration, retries and
 * updates given up. The platform's own counters come from PlatformCore; `/_sim/stats` serves
 * both in the one PlatformStats shape.
 */
export class DeliveryStats {
  posts = 0;
  delivered = 0;
  failedAttempts = 0;
  retries = 0;
  dropped = 0;
  deliveryMsTotal = 0;
  deliveryMsMax = 0;

  webhookPost(durationMs: number, updates: number, ok: boolean): void {
    this.posts += 1;
    this.deliveryMsTotal += durationMs;
    if (durationMs > this.deliveryMsMax) this.deliveryMsMax = durationMs;
    if (ok) this.delivered += updates;
    else this.failedAttempts += 1;
  }

  reset(): void {
    this.posts = 0;
    this.delivered = 0;
    this.failedAttempts = 0;
    this.retries = 0;
    this.dropped = 0;
    this.deliveryMsTotal = 0;
    this.deliveryMsMax = 0;
  }

  /** The platform's statistics with the delivery counters filled in. */
  applyTo(stats: PlatformStats): PlatformStats {
    stats.webhooks.posts = this.posts;
    stats.webhooks.delivered = this.delivered;
    stats.webhooks.failedAttempts = this.failedAttempts;
    stats.webhooks.retries = this.retries;
    stats.webhooks.dropped += this.dropped;
    return stats;
  }
}
