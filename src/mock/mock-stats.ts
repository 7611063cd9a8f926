import type { PlatformModel } from '../platform/platform-model.js';

/** Live counters of the mock, served at GET /_sim/stats. Maps keep the hot path allocation-free. */
export class MockStats {
  readonly startedAtMs = Date.now();
  private readonly requestsByRoute = new Map<string, number>();
  private readonly errorsByCode = new Map<number, number>();
  readonly webhooks = {
    /** Updates handed to delivery, POSTs made, updates delivered (200), failed attempts, retries, dropped updates. */
    queued: 0,
    posts: 0,
    delivered: 0,
    failedAttempts: 0,
    retries: 0,
    dropped: 0,
    deliveryMsTotal: 0,
    deliveryMsMax: 0,
  };

  request(route: string): void {
    this.requestsByRoute.set(route, (this.requestsByRoute.get(route) ?? 0) + 1);
  }

  error(code: number): void {
    this.errorsByCode.set(code, (this.errorsByCode.get(code) ?? 0) + 1);
  }

  webhookPost(durationMs: number, updates: number, ok: boolean): void {
    this.webhooks.posts += 1;
    this.webhooks.deliveryMsTotal += durationMs;
    if (durationMs > this.webhooks.deliveryMsMax) this.webhooks.deliveryMsMax = durationMs;
    if (ok) this.webhooks.delivered += updates;
    else this.webhooks.failedAttempts += 1;
  }

  reset(): void {
    this.requestsByRoute.clear();
    this.errorsByCode.clear();
    for (const key of Object.keys(this.webhooks) as (keyof MockStats['webhooks'])[]) this.webhooks[key] = 0;
  }

  snapshot(platform: PlatformModel) {
    const { posts, deliveryMsTotal } = this.webhooks;
    return {
      uptimeMs: Date.now() - this.startedAtMs,
      requests: Object.fromEntries(this.requestsByRoute),
      errors: Object.fromEntries([...this.errorsByCode].map(([code, count]) => [String(code), count])),
      capacity: {
        inService: platform.capacity.inService,
        queueDepth: platform.capacity.queueDepth,
        maxQueueDepth: platform.capacity.maxQueueDepth,
      },
      webhooks: { ...this.webhooks, deliveryMsMean: posts === 0 ? 0 : deliveryMsTotal / posts },
      pricing: structuredClone(platform.pricing),
      state: { openWindows: platform.openWindows, media: platform.media.size },
    };
  }
}

export type MockStatsSnapshot = ReturnType<MockStats['snapshot']>;
