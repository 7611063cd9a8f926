import { addToBucketTally, type BucketTally, emptyBucketTally } from '../metrics/histogram-buckets.js';
import { WEBHOOK_STATUS_NAMES, type WebhookTally } from '../metrics/webhook-tally.js';
import { counterFamily, histogramFamily, type Labels, type MetricFamily } from './metric-families.js';
import { RUN_METRICS as M } from './run-metric-catalogue.js';

/** Update kinds as exported: the inbound message, then each status. */
const KINDS = ['message', ...WEBHOOK_STATUS_NAMES] as const;

/**
 * The webhook receiver's tally copied at one moment (an interval's close, or the end), so a
 * scrape shows the counts of that moment; the delay histogram (cumulative) becomes buckets.
 */
export class WebhookCounts {
  readonly #posts: number;
  readonly #bytes: number;
  readonly #rejected: number;
  readonly #updates: (readonly [string, string, number])[] = [];
  readonly #delay: (readonly [string, BucketTally])[] = [];
  readonly #boundsUs: readonly number[];

  constructor(tally: WebhookTally, delayBoundsUs: readonly number[]) {
    this.#posts = tally.posts;
    this.#bytes = tally.bytes;
    this.#rejected = tally.rejectedPosts;
    this.#boundsUs = delayBoundsUs;
    for (const [shape, entry] of tally.shapes) {
      for (const kind of KINDS) this.#updates.push([shape, kind, kind === 'message' ? entry.messages : entry.statuses[kind]]);
      const delay = emptyBucketTally(delayBoundsUs);
      addToBucketTally(delay, entry.delayUs, delayBoundsUs);
      this.#delay.push([shape, delay]);
    }
  }

  families(base: Labels): MetricFamily[] {
    return [
      counterFamily(M.webhookUpdates.name, M.webhookUpdates.help, this.#updates.map(([shape, kind, n]) => [{ ...base, shape, kind }, n] as const)),
      counterFamily(M.webhookPosts.name, M.webhookPosts.help, [[base, this.#posts]]),
      counterFamily(M.webhookBytes.name, M.webhookBytes.help, [[base, this.#bytes]]),
      counterFamily(M.webhookRejected.name, M.webhookRejected.help, [[base, this.#rejected]]),
      histogramFamily(M.webhookDelay.name, M.webhookDelay.help, this.#boundsUs, this.#delay.map(([shape, t]) => [{ ...base, shape }, t] as const)),
    ];
  }
}
