import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ADMIN_TOKEN_HEADER } from '../platform/admin-token.js';
import { type PlatformStats, PlatformStatsSchema } from '../platform/platform-stats-schema.js';
import { utilisationOf } from '../platform/platform-stats.js';
import type { MetricsSource } from './exposition.js';
import { counterFamily, gaugeFamily, type Labels, type MetricFamily } from './metric-families.js';

/**
 * The mock's own view, from its PlatformStats (the one typed shape `GET /_sim/stats` serves and
 * the embedded mock hands over at the end). This file is the whole adapter.
 */
export type MockStatsView = PlatformStats;
const checkView = TypeCompiler.Compile(PlatformStatsSchema);

/** Refusals by reason: the platform's quota and capacity answers (whatsapp-api.md §4). */
const REFUSAL_CODES: Readonly<Record<string, string>> = {
  '130429': 'throughput',
  '131056': 'pair_rate',
  '131048': 'spam_rate',
  '131016': 'overload',
};

export function familiesOf(view: MockStatsView, slots: number, base: Labels): MetricFamily[] {
  const { capacity, webhooks } = view;
  const emitted = Object.values(webhooks.updates).reduce((sum, n) => sum + n, 0);
  const refusals = Object.entries(REFUSAL_CODES).map(
    ([code, reason]) => [{ ...base, reason }, view.errors[code] ?? 0] as const,
  );
  return [
    counterFamily(
      'chatload_mock_requests_total',
      'Calls the mock answered, by kind (inbound, send, read, typing, template, interactive, media, download, upload, delete).',
      Object.entries(view.requests).map(([route, n]) => [{ ...base, route }, n] as const),
    ),
    counterFamily(
      'chatload_mock_errors_total',
      'Graph errors the mock answered, by error code.',
      Object.entries(view.errors).map(([code, n]) => [{ ...base, code }, n] as const),
    ),
    counterFamily(
      'chatload_mock_refusals_total',
      'Quota and capacity refusals: throughput (130429), pair_rate (131056), spam_rate (131048), overload (131016).',
      refusals,
    ),
    gaugeFamily('chatload_mock_slots', 'Service slots of the modelled platform (c of M/M/c).', [
      [base, slots],
    ]),
    gaugeFamily('chatload_mock_slots_busy', 'Service slots busy when read (utilisation = busy / slots).', [
      [base, capacity.inService],
    ]),
    gaugeFamily('chatload_mock_queue_depth', 'Requests waiting for a service slot when read.', [
      [base, capacity.queueDepth],
    ]),
    gaugeFamily(
      'chatload_mock_queue_depth_max',
      'Deepest the queue has been since the mock started (or was reset).',
      [[base, capacity.maxQueueDepth]],
    ),
    gaugeFamily(
      'chatload_mock_slot_utilisation',
      'Share of slot time busy since the mock started: busy time ÷ (slots × elapsed).',
      [[base, utilisationOf(view)]],
    ),
    counterFamily(
      'chatload_mock_inbound_webhooks_queued_total',
      'User messages whose webhook waited at the quota (inbound is never refused: decision 0008).',
      [[base, view.quota.inboundQueued]],
    ),
    counterFamily(
      'chatload_mock_inbound_webhooks_dropped_total',
      'Inbound webhooks dropped because the quota queue was full.',
      [[base, view.quota.inboundDropped]],
    ),
    counterFamily('chatload_mock_webhook_updates_queued_total', 'Webhook updates handed to delivery.', [
      [base, emitted],
    ]),
    counterFamily('chatload_mock_webhook_posts_total', 'Webhook POST attempts made, retries included.', [
      [base, webhooks.posts],
    ]),
    counterFamily('chatload_mock_webhook_updates_delivered_total', 'Webhook updates in POSTs answered 200.', [
      [base, webhooks.delivered],
    ]),
    counterFamily('chatload_mock_webhook_failed_attempts_total', 'Webhook POSTs not answered 200.', [
      [base, webhooks.failedAttempts],
    ]),
    counterFamily('chatload_mock_webhook_retries_total', 'Webhook POSTs scheduled again after a failure.', [
      [base, webhooks.retries],
    ]),
    counterFamily(
      'chatload_mock_webhook_updates_dropped_total',
      'Webhook updates given up (retries exhausted or too many batches pending).',
      [[base, webhooks.dropped]],
    ),
    gaugeFamily(
      'chatload_mock_webhook_updates_pending',
      'Webhook updates queued and not yet delivered or dropped.',
      [[base, Math.max(0, emitted - webhooks.delivered - webhooks.dropped)]],
    ),
  ];
}

/**
 * A metrics source reading the mock's statistics on each scrape or push. A read that fails or
 * does not match the schema keeps the last good view (the embedded mock closes before the final
 * scrape; `useFinal` then hands over the statistics the run took at its end).
 */
export class MockMetrics implements MetricsSource {
  readonly #read: () => Promise<unknown>;
  readonly #slots: number;
  readonly #base: Labels;
  #view: MockStatsView | undefined;
  #final = false;

  constructor(read: () => Promise<unknown>, slots: number, base: Labels = {}) {
    this.#read = read;
    this.#slots = slots;
    this.#base = base;
  }

  /** The statistics taken at the end; later reads are skipped. False when they do not match the schema. */
  useFinal(stats: unknown): boolean {
    this.#final = true;
    if (!checkView.Check(stats)) return false;
    this.#view = stats;
    return true;
  }

  async families(): Promise<MetricFamily[]> {
    if (!this.#final) {
      const stats = await this.#read().catch(() => undefined);
      if (checkView.Check(stats)) this.#view = stats;
    }
    return this.#view ? familiesOf(this.#view, this.#slots, this.#base) : [];
  }
}

/** Reads `GET <baseUrl>/_sim/stats` (the mock's admin side, on loopback). */
export function simStatsReader(baseUrl: string, adminToken?: string): () => Promise<unknown> {
  const headers: Record<string, string> =
    adminToken === undefined ? {} : { [ADMIN_TOKEN_HEADER]: adminToken };
  return async () => {
    const response = await fetch(`${baseUrl}/_sim/stats`, { headers, signal: AbortSignal.timeout(2_000) });
    if (response.status !== 200) throw new Error(`GET /_sim/stats answered ${response.status}`);
    return response.json();
  };
}
