import type { Clock } from '../clock.js';
import { WebhookBatcher } from '../platform/webhook-batcher.js';
import type { WebhookChange } from '../platform/webhook-payloads.js';
import { webhookEnvelope } from '../platform/webhook-payloads.js';
import { serializeWebhookBody, signatureHeader } from '../platform/webhook-signature.js';
import type { MockSettings } from '../scenario/mock-schema.js';
import { msToUs, secondsToMs, usToMs } from '../units.js';
import { META_USER_AGENT, ORIGIN_HEADER } from '../platform/timing-headers.js';
import type { DeliveryStats } from './delivery-stats.js';
import { httpPost, type PostLike } from './webhook-post.js';

/**
 * POSTs webhook changes to the business's callback URL as Meta does (research §4.6, §5.2):
 * grouped by the platform's batching rule (one update per POST by default, decision 0009),
 * signed with X-Hub-Signature-256 over the exact bytes sent (non-ASCII escaped), sent with
 * Meta's user agent, success only on HTTP 200, anything else retried on a compressible ~7-day
 * schedule, then dropped. Pending work is capped so a dead receiver cannot leak memory. Each
 * POST names its updates' origin times (µs, monotonic) so a receiver can time delay from origin.
 */

export interface WebhookDeliveryOptions {
  readonly settings: MockSettings['webhooks'];
  readonly appSecret: string;
  readonly wabaId: string;
  readonly stats: DeliveryStats;
  readonly clock: Clock;
  readonly post?: PostLike;
}

interface Pending {
  readonly change: WebhookChange;
  readonly originUs: number;
}

export class WebhookDelivery {
  private readonly batcher: WebhookBatcher<Pending>;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private pendingBatches = 0;
  private closed = false;
  private readonly post: PostLike;

  constructor(private readonly options: WebhookDeliveryOptions) {
    this.post = options.post ?? httpPost;
    const { batchMaxItems, batchWindowMs } = options.settings;
    this.batcher = new WebhookBatcher(batchMaxItems, msToUs(batchWindowMs), options.clock, (batch) =>
      this.send(batch),
    );
  }

  get enabled(): boolean {
    return (
      this.options.settings.enabled &&
      this.options.settings.url !== undefined &&
      this.options.settings.url !== ''
    );
  }

  enqueue(change: WebhookChange, originUs: number): void {
    if (this.closed) return;
    this.batcher.add({ change, originUs });
  }

  /** Resolves when every POST under way has finished; stops retries and new batches. */
  async close(): Promise<void> {
    this.batcher.flush();
    this.closed = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private send(batch: Pending[]): void {
    if (this.pendingBatches >= this.options.settings.maxPendingBatches) {
      this.options.stats.dropped += batch.length;
      return;
    }
    this.pendingBatches += 1;
    const rawBody = serializeWebhookBody(
      webhookEnvelope(
        this.options.wabaId,
        batch.map((p) => p.change),
      ),
    );
    this.attempt(rawBody, batch.map((p) => Math.round(p.originUs)).join(','), batch.length, 0);
  }

  private attempt(rawBody: string, origins: string, updates: number, attemptIndex: number): void {
    const { settings, appSecret, stats, clock } = this.options;
    const startedUs = clock.nowUs();
    const headers = {
      'content-type': 'application/json',
      'user-agent': META_USER_AGENT,
      'x-hub-signature-256': signatureHeader(rawBody, appSecret),
      [ORIGIN_HEADER]: origins,
    };
    const post = this.post(settings.url ?? '', headers, rawBody, Math.max(1, settings.timeoutMs)).then(
      (status) => {
        const ok = status === 200;
        stats.webhookPost(usToMs(clock.nowUs() - startedUs), updates, ok);
        if (ok) this.pendingBatches -= 1;
        else this.retry(rawBody, origins, updates, attemptIndex);
      },
    );
    this.inFlight.add(post);
    void post.finally(() => this.inFlight.delete(post));
  }

  private retry(rawBody: string, origins: string, updates: number, attemptIndex: number): void {
    const { settings, stats } = this.options;
    const delaySeconds = settings.retryScheduleSeconds[attemptIndex];
    if (delaySeconds === undefined || this.closed) {
      stats.dropped += updates;
      this.pendingBatches -= 1;
      return;
    }
    stats.retries += 1;
    const timer = setTimeout(
      () => {
        this.retryTimers.delete(timer);
        this.attempt(rawBody, origins, updates, attemptIndex + 1);
      },
      Math.min(2 ** 31 - 1, secondsToMs(delaySeconds) / settings.timeCompression),
    );
    timer.unref();
    this.retryTimers.add(timer);
  }
}
