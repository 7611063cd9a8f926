import { type Static, Type } from '@sinclair/typebox';

/**
 * The platform's own counters, one typed shape for every engine: the mock serves it at
 * GET /_sim/stats, the sim writes it per cluster, summary.json stores it and the report reads
 * it. Everything adds exactly over clusters and shards except the maxima and the gauges.
 * The schema has a module of its own: the load workers add stats without loading TypeBox.
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
