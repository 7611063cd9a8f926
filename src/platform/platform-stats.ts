import type { PlatformStats } from './platform-stats-schema.js';

export type { PlatformStats } from './platform-stats-schema.js';

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
