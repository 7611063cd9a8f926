import type { WebhookChange } from '../platform/webhook-payloads.js';
import { webhookEnvelope } from '../platform/webhook-payloads.js';
import { serializeWebhookBody, signatureHeader } from '../platform/webhook-signature.js';
import type { MockSettings } from '../scenario/mock-schema.js';
import type { MockStats } from './mock-stats.js';

/**
 * POSTs webhook changes to the business's callback URL as Meta does (research §4.6, §5.2):
 * batched (≤ batchMaxItems per POST), signed with X-Hub-Signature-256 over the exact bytes sent
 * (non-ASCII escaped), success only on HTTP 200, anything else retried on a compressible
 * ~7-day schedule, then dropped. Pending work is capped so a dead receiver cannot leak memory.
 */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ status: number }>;

export interface WebhookDeliveryOptions {
  readonly settings: MockSettings['webhooks'];
  readonly appSecret: string;
  readonly wabaId: string;
  readonly stats: MockStats;
  readonly fetch?: FetchLike;
  readonly nowMs?: () => number;
}

export class WebhookDelivery {
  private buffer: WebhookChange[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private pendingBatches = 0;
  private closed = false;
  private readonly fetchImpl: FetchLike;
  private readonly nowMs: () => number;

  constructor(private readonly options: WebhookDeliveryOptions) {
    this.fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));
    this.nowMs = options.nowMs ?? (() => performance.now());
  }

  get enabled(): boolean {
    return (
      this.options.settings.enabled &&
      this.options.settings.url !== undefined &&
      this.options.settings.url !== ''
    );
  }

  enqueue(change: WebhookChange): void {
    if (this.closed) return;
    this.options.stats.webhooks.queued += 1;
    this.buffer.push(change);
    if (this.buffer.length >= this.options.settings.batchMaxItems) this.flush();
    else if (this.flushTimer === undefined)
      this.flushTimer = setTimeout(() => this.flush(), this.options.settings.batchWindowMs);
  }

  /** Sends what is buffered now, as one batch. */
  flush(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    if (this.pendingBatches >= this.options.settings.maxPendingBatches) {
      this.options.stats.webhooks.dropped += batch.length;
      return;
    }
    this.pendingBatches += 1;
    this.attempt(serializeWebhookBody(webhookEnvelope(this.options.wabaId, batch)), batch.length, 0);
  }

  /** Resolves when every POST under way has finished; stops retries and new batches. */
  async close(): Promise<void> {
    this.flush();
    this.closed = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private attempt(rawBody: string, updates: number, attemptIndex: number): void {
    const { settings, appSecret, stats } = this.options;
    const startedMs = this.nowMs();
    const post = this.fetchImpl(settings.url ?? '', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signatureHeader(rawBody, appSecret),
      },
      body: rawBody,
      signal: AbortSignal.timeout(Math.max(1, settings.timeoutMs)),
    })
      .then(
        (response) => response.status,
        () => 0,
      )
      .then((status) => {
        const ok = status === 200;
        stats.webhookPost(this.nowMs() - startedMs, updates, ok);
        if (ok) this.pendingBatches -= 1;
        else this.retry(rawBody, updates, attemptIndex);
      });
    this.inFlight.add(post);
    void post.finally(() => this.inFlight.delete(post));
  }

  private retry(rawBody: string, updates: number, attemptIndex: number): void {
    const { settings, stats } = this.options;
    const delaySeconds = settings.retryScheduleSeconds[attemptIndex];
    if (delaySeconds === undefined || this.closed) {
      stats.webhooks.dropped += updates;
      this.pendingBatches -= 1;
      return;
    }
    stats.webhooks.retries += 1;
    const timer = setTimeout(
      () => {
        this.retryTimers.delete(timer);
        this.attempt(rawBody, updates, attemptIndex + 1);
      },
      Math.min(2 ** 31 - 1, (delaySeconds * 1000) / settings.timeCompression),
    );
    timer.unref();
    this.retryTimers.add(timer);
  }
}
