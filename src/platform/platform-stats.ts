import { type Static, Type } from '@sinclair/typebox';

/**
 * The platform's own counters, one typed shape for every engine: the mock serves it at
 * GET /_sim/stats, the sim writes it per cluster, summary.json stores it and the report reads
 * it. Everything adds exactly over clusters and shards except the maxima and the gauges.
 */
const Count = Type.Number({ minimum: 0 });
const ByName = Type.Record(Type.String(), Count);
const PricingCount = Type.Object({ billable: Count, free: Count });

export const PlatformStatsSchema = Type.Object({
  /** Platform clusters these figures cover (decision 0004); a shared target counts 1. */
  clusters: Type.Integer({ minimum: 1 }),
  /** Platform time covered, µs (the longest cluster's). */
  elapsedUs: Count,
  /** Calls by kind: inbound, send, read, typing, template, interactive, media, upload, delete, … */
  requests: ByName,
  /** Refusals by Graph error code. */
  errors: ByName,
  capacity: Type.Object({
    slots: Count,
    /** Calls served (service ended). */
    served: Count,
    /** Sum of service times, µs: utilisation = busyUs / (slots × elapsedUs). */
    busyUs: Count,
    /** Sum of waits for a slot, µs. */
    queuedUs: Count,
    maxQueueDepth: Count,
    /** Gauges at the moment of the snapshot. */
    queueDepth: Count,
    inService: Count,
    /** Business calls refused because every slot was busy and the queue full. */
    overloadRefused: Count,
  }),
  quota: Type.Object({
    /** Business sends refused with 130429. */
    refused: Count,
    /** Inbound messages whose webhook waited at the quota (decision 0008). */
    inboundQueued: Count,
    /** Inbound webhooks dropped because the quota queue was full (never an error to the user). */
    inboundDropped: Count,
    /** Longest wait of an inbound webhook at the quota, µs. */
    inboundMaxWaitUs: Count,
    /** Sends refused by the pair rate limit (131056). */
    pairRefused: Count,
  }),
  webhooks: Type.Object({
    /** Updates the platform emitted, by kind: messages, sent, delivered, read, failed. */
    updates: ByName,
    /** POSTs made (one per update unless batching is on). */
    posts: Count,
    /** Updates the business's endpoint accepted (HTTP 200); in the sim, every update emitted. */
    delivered: Count,
    /** Failed delivery attempts, retries, and updates given up (mock only; 0 in sim). */
    failedAttempts: Count,
    retries: Count,
    dropped: Count,
  }),
  /** Business messages by pricing category. */
  pricing: Type.Record(Type.String(), PricingCount),
  state: Type.Object({
    /** Users with a service window or pair-rate state, messages remembered for mark-as-read, media. */
    trackedUsers: Count,
    trackedMessages: Count,
    media: Count,
  }),
});

export type PlatformStats = Static<typeof PlatformStatsSchema>;

export const WEBHOOK_UPDATE_KINDS = ['messages', 'sent', 'delivered', 'read', 'failed'] as const;
export type WebhookUpdateKind = (typeof WEBHOOK_UPDATE_KINDS)[number];

export function emptyPlatformStats(slots = 0): PlatformStats {
  return {
    clusters: 1,
    elapsedUs: 0,
    requests: {},
    errors: {},
    capacity: {
      slots,
      served: 0,
      busyUs: 0,
      queuedUs: 0,
      maxQueueDepth: 0,
      queueDepth: 0,
      inService: 0,
      overloadRefused: 0,
    },
    quota: { refused: 0, inboundQueued: 0, inboundDropped: 0, inboundMaxWaitUs: 0, pairRefused: 0 },
    webhooks: {
      updates: { messages: 0, sent: 0, delivered: 0, read: 0, failed: 0 },
      posts: 0,
      delivered: 0,
      failedAttempts: 0,
      retries: 0,
      dropped: 0,
    },
    pricing: {},
    state: { trackedUsers: 0, trackedMessages: 0, media: 0 },
  };
}

/** Slot utilisation over the covered time (0 when nothing was covered). */
export function utilisationOf(stats: Pick<PlatformStats, 'capacity' | 'elapsedUs'>): number {
  const capacityUs = stats.capacity.slots * stats.elapsedUs;
  return capacityUs > 0 ? stats.capacity.busyUs / capacityUs : 0;
}

function addByName(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [name, n] of Object.entries(from)) into[name] = (into[name] ?? 0) + n;
}

/**
 * Adds the statistics of another, independent platform (a cluster or a sim shard): counters
 * and slots add, maxima take the larger, covered time the longer. Never use it for two views
 * of one shared platform (live shards against one target): those are taken once.
 */
export function addPlatformStats(into: PlatformStats, from: PlatformStats): void {
  into.clusters += from.clusters;
  into.elapsedUs = Math.max(into.elapsedUs, from.elapsedUs);
  addByName(into.requests, from.requests);
  addByName(into.errors, from.errors);
  const c = into.capacity;
  const f = from.capacity;
  c.slots += f.slots;
  c.served += f.served;
  c.busyUs += f.busyUs;
  c.queuedUs += f.queuedUs;
  c.maxQueueDepth = Math.max(c.maxQueueDepth, f.maxQueueDepth);
  c.queueDepth += f.queueDepth;
  c.inService += f.inService;
  c.overloadRefused += f.overloadRefused;
  const q = into.quota;
  q.refused += from.quota.refused;
  q.inboundQueued += from.quota.inboundQueued;
  q.inboundDropped += from.quota.inboundDropped;
  q.inboundMaxWaitUs = Math.max(q.inboundMaxWaitUs, from.quota.inboundMaxWaitUs);
  q.pairRefused += from.quota.pairRefused;
  const w = into.webhooks;
  addByName(w.updates, from.webhooks.updates);
  w.posts += from.webhooks.posts;
  w.delivered += from.webhooks.delivered;
  w.failedAttempts += from.webhooks.failedAttempts;
  w.retries += from.webhooks.retries;
  w.dropped += from.webhooks.dropped;
  for (const [category, counts] of Object.entries(from.pricing)) {
    const slot = into.pricing[category] ?? { billable: 0, free: 0 };
    slot.billable += counts.billable;
    slot.free += counts.free;
    into.pricing[category] = slot;
  }
  into.state.trackedUsers += from.state.trackedUsers;
  into.state.trackedMessages += from.state.trackedMessages;
  into.state.media += from.state.media;
}
