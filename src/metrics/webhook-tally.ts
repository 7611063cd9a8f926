import { createHistogram, decodeHistogram, encodeHistogram, type Histogram } from './hdr-settings.js';

/**
 * What the run's webhook receiver counted, per traffic shape: plain counters plus one HDR
 * histogram of delivery delay (µs). Tallies of several receivers (workers, shards) merge
 * exactly: counters add, histograms add.
 */
export const WEBHOOK_STATUS_NAMES = ['sent', 'delivered', 'read', 'failed'] as const;
export type WebhookStatusName = (typeof WEBHOOK_STATUS_NAMES)[number];

export interface PricingTally {
  billable: number;
  free: number;
}

export interface WebhookShapeTally {
  /** POSTs that carried at least one update of this shape (a batch may serve several shapes). */
  posts: number;
  /** Updates: one per inbound message plus one per status. */
  updates: number;
  messages: number;
  statuses: Record<WebhookStatusName, number>;
  /** Body bytes, each POST's bytes split over shapes by their share of its updates. */
  bytes: number;
  /** Updates in POSTs whose X-Hub-Signature-256 did not verify (not counted anywhere else). */
  signatureFailures: number;
  /**
   * Messages by pricing category, counted once per message from its `sent` status (Meta repeats
   * `pricing` on `delivered`; counting both would double every message).
   */
  pricing: Record<string, PricingTally>;
  /** Messages by `pricing.type` (regular, free_customer_service, …), also from `sent`. */
  pricingTypes: Record<string, number>;
  /** Delivery delay per update: the platform's send of the POST → the whole body received. */
  delayUs: Histogram;
  /** Updates that arrived without a send time, so no delay could be recorded. */
  delayUnmeasured: number;
  /**
   * Delay from origin per update (decision 0008): the user's message reaching the platform, or
   * the business message's acceptance → the update received. Includes quota queueing, the
   * modelled delays and batching; in the sim it is the modelled delay, with no transit.
   */
  originDelayUs: Histogram;
  originUnmeasured: number;
  /** Asynchronous failures (`failed` statuses) by Graph error code. */
  failedByCode: Record<string, number>;
}

export interface WebhookTally {
  /** Every POST received, valid or not. */
  posts: number;
  bytes: number;
  /** POSTs answered 401 for a missing or wrong signature. */
  rejectedPosts: number;
  /** Signed POSTs whose body was not a webhook envelope. */
  malformedPosts: number;
  /** GET verification handshakes answered (and refused). */
  handshakes: number;
  handshakesRefused: number;
  /** Per shape name; updates whose wa_id maps to no user of the run are under UNATTRIBUTED. */
  readonly shapes: Map<string, WebhookShapeTally>;
}

export const UNATTRIBUTED = '?';

export function emptyWebhookShapeTally(): WebhookShapeTally {
  return {
    posts: 0,
    updates: 0,
    messages: 0,
    statuses: { sent: 0, delivered: 0, read: 0, failed: 0 },
    bytes: 0,
    signatureFailures: 0,
    pricing: {},
    pricingTypes: {},
    delayUs: createHistogram(),
    delayUnmeasured: 0,
    originDelayUs: createHistogram(),
    originUnmeasured: 0,
    failedByCode: {},
  };
}

export function emptyWebhookTally(): WebhookTally {
  return {
    posts: 0,
    bytes: 0,
    rejectedPosts: 0,
    malformedPosts: 0,
    handshakes: 0,
    handshakesRefused: 0,
    shapes: new Map(),
  };
}

export function shapeTallyOf(tally: WebhookTally, shape: string): WebhookShapeTally {
  let entry = tally.shapes.get(shape);
  if (entry === undefined) {
    entry = emptyWebhookShapeTally();
    tally.shapes.set(shape, entry);
  }
  return entry;
}

function pricingSlot(pricing: Record<string, PricingTally>, category: string): PricingTally {
  let slot = pricing[category];
  if (slot === undefined) {
    slot = { billable: 0, free: 0 };
    pricing[category] = slot;
  }
  return slot;
}

export function countPricingOf(
  entry: WebhookShapeTally,
  category: string,
  billable: boolean,
  type: string | undefined,
): void {
  const slot = pricingSlot(entry.pricing, category);
  if (billable) slot.billable += 1;
  else slot.free += 1;
  if (type !== undefined) entry.pricingTypes[type] = (entry.pricingTypes[type] ?? 0) + 1;
}

/** Adds `from` into `into` (exact: counters add, histograms add). */
export function addWebhookShapeTally(into: WebhookShapeTally, from: WebhookShapeTally): void {
  into.posts += from.posts;
  into.updates += from.updates;
  into.messages += from.messages;
  for (const name of WEBHOOK_STATUS_NAMES) into.statuses[name] += from.statuses[name];
  into.bytes += from.bytes;
  into.signatureFailures += from.signatureFailures;
  for (const [category, counts] of Object.entries(from.pricing)) {
    const slot = pricingSlot(into.pricing, category);
    slot.billable += counts.billable;
    slot.free += counts.free;
  }
  for (const [type, n] of Object.entries(from.pricingTypes))
    into.pricingTypes[type] = (into.pricingTypes[type] ?? 0) + n;
  into.delayUs.add(from.delayUs);
  into.delayUnmeasured += from.delayUnmeasured;
  into.originDelayUs.add(from.originDelayUs);
  into.originUnmeasured += from.originUnmeasured;
  for (const [code, n] of Object.entries(from.failedByCode))
    into.failedByCode[code] = (into.failedByCode[code] ?? 0) + n;
}

/** Billable and free messages over all categories. */
export function pricingTotals(entry: Pick<WebhookShapeTally, 'pricing'>): PricingTally {
  let billable = 0;
  let free = 0;
  for (const counts of Object.values(entry.pricing)) {
    billable += counts.billable;
    free += counts.free;
  }
  return { billable, free };
}

/** A tally as plain data (histograms encoded), to cross a thread boundary. */
export interface EncodedWebhookTally {
  readonly posts: number;
  readonly bytes: number;
  readonly rejectedPosts: number;
  readonly malformedPosts: number;
  readonly handshakes: number;
  readonly handshakesRefused: number;
  readonly shapes: readonly [string, Omit<WebhookShapeTally, 'delayUs' | 'originDelayUs'> & { readonly delayUs: string; readonly originDelayUs: string }][];
}

export function encodeWebhookTally(tally: WebhookTally): EncodedWebhookTally {
  return {
    ...tally,
    shapes: [...tally.shapes].map(([shape, t]) => [shape, { ...t, delayUs: encodeHistogram(t.delayUs), originDelayUs: encodeHistogram(t.originDelayUs) }]),
  };
}

export function decodeWebhookTally(encoded: EncodedWebhookTally): WebhookTally {
  return {
    ...encoded,
    shapes: new Map(encoded.shapes.map(([shape, t]) => [shape, { ...t, delayUs: decodeHistogram(t.delayUs), originDelayUs: decodeHistogram(t.originDelayUs) }])),
  };
}
