import { createHistogram, decodeHistogram } from '../metrics/hdr-settings.js';
import { emptyWebhookTally, type WebhookShapeTally, type WebhookTally } from '../metrics/webhook-tally.js';
import type { WebhookShapeSummary, WebhookSummary } from './summary-schema.js';

/**
 * A summary's webhook section read back as a tally, so shards' tallies add exactly (counters
 * add, delay histograms add) and the merged section is built by the same code as a run's.
 * Per-shape bytes are stored rounded: a merge of shards whose batches mixed shapes can be off
 * by under a byte per shard there; the totals are exact. Undefined when not measured.
 */
export function webhookTallyOfSummary(webhooks: WebhookSummary): WebhookTally | undefined {
  if (!webhooks.measured) return undefined;
  const tally = emptyWebhookTally();
  tally.posts = webhooks.posts;
  tally.bytes = webhooks.bytes;
  tally.rejectedPosts = webhooks.rejectedPosts;
  tally.malformedPosts = webhooks.malformedPosts;
  for (const shape of webhooks.shapes) tally.shapes.set(shape.shape, shapeTallyOf(shape));
  return tally;
}

function shapeTallyOf(shape: WebhookShapeSummary): WebhookShapeTally {
  return {
    posts: shape.posts,
    updates: shape.updates,
    messages: shape.messages,
    statuses: { ...shape.statuses },
    bytes: shape.bytes,
    signatureFailures: shape.signatureFailures,
    pricing: structuredClone(shape.pricing),
    pricingTypes: { ...shape.pricingTypes },
    delayUs: decodeHistogram(shape.delayHistogram),
    delayUnmeasured: shape.delayUnmeasured,
    originDelayUs: shape.originDelayHistogram === undefined ? createHistogram() : decodeHistogram(shape.originDelayHistogram),
    // Not in summary.json, and no figure reads it.
    originUnmeasured: 0,
    failedByCode: { ...(shape.failedByCode ?? {}) },
  };
}
