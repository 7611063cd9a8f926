import { type Static, Type } from '@sinclair/typebox';
import { PlatformStatsSchema } from '../platform/platform-stats-schema.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { OP_KINDS, SHAPE_NAMES } from '../vocabulary.js';
import { LoadPerUserDaySummarySchema, TimeBaseSummarySchema } from './user-day-schema.js';

/**
 * summary.json, version 2 (decision 0003): one TypeBox schema gives the file its type; the
 * writer builds it, readers validate it with the compiled checker and then work on typed data.
 * A v1 file is upgraded in memory by `summary-upgrade.ts`.
 */
export const SUMMARY_SCHEMA_VERSION = 2;

const Count = Type.Number({ minimum: 0 });
const Us = Type.Number();

/** Percentiles of one histogram, in microseconds. */
export const PercentilesUsSchema = Type.Object({
  count: Count,
  min: Us,
  mean: Us,
  p50: Us,
  p90: Us,
  p99: Us,
  p999: Us,
  max: Us,
});
export type PercentilesUs = Static<typeof PercentilesUsSchema>;

/** Encoded HDR histograms (compressed base64, µs) so readers can merge exactly, never average percentiles. */
export const EncodedHistogramsSchema = Type.Object({
  latency: Type.String(),
  service: Type.String(),
  lateness: Type.String(),
  /** The platform's own sojourn (queue + service) per call: from the mock's answers live, the model in sim. */
  platform: Type.Optional(Type.String()),
});
export type EncodedHistograms = Static<typeof EncodedHistogramsSchema>;

const ShapeOrAll = Type.Union([...SHAPE_NAMES.map((s) => Type.Literal(s)), Type.Literal('*')]);
const OpOrAll = Type.Union([...OP_KINDS.map((o) => Type.Literal(o)), Type.Literal('*')]);

export const SeriesSummarySchema = Type.Object({
  /** "<shape>/<op>", or "<shape>/*" for a shape's total, or "*\/<op>" for an op over all shapes. */
  key: Type.String(),
  shape: ShapeOrAll,
  op: OpOrAll,
  sent: Count,
  /** Conversations whose first operation was sent in the run (pre-rolled ones started before it). */
  conversationsStarted: Type.Optional(Count),
  count: Count,
  errors: Count,
  errorsByCode: Type.Record(Type.String(), Count),
  /** Completed operations per second of elapsed run time. */
  ratePerSecond: Count,
  errorShare: Count,
  bytesSent: Count,
  bytesReceived: Count,
  /** Latency from the intended send time (coordinated-omission correct); in sim, the platform's sojourn. */
  latencyUs: PercentilesUsSchema,
  /** Service time from the actual send; in sim, the time in a service slot. */
  serviceUs: PercentilesUsSchema,
  /** Generator lateness: actual send − intended time (none in sim). */
  latenessUs: PercentilesUsSchema,
  /** The platform's sojourn (queue + service). */
  platformUs: Type.Optional(PercentilesUsSchema),
  histograms: EncodedHistogramsSchema,
});
export type SeriesSummary = Static<typeof SeriesSummarySchema>;

export const ThresholdVerdictSchema = Type.Object({
  source: Type.String(),
  metric: Type.String(),
  /** Measured value in the threshold's unit. */
  actual: Type.Union([Type.Number(), Type.Null()]),
  limit: Type.Number(),
  unit: Type.String(),
  pass: Type.Boolean(),
  /** In words: "send.p99 was 312ms, 62ms over the 250ms limit". */
  detail: Type.String(),
});
export type ThresholdVerdict = Static<typeof ThresholdVerdictSchema>;

const PricingCount = Type.Object({ billable: Count, free: Count });

/** Webhook load of one traffic shape ("?" = wa_id of no user of the run, "*" = all). */
export const WebhookShapeSummarySchema = Type.Object({
  shape: Type.String(),
  /** POSTs carrying at least one of the shape's updates (one batch may serve several shapes). */
  posts: Count,
  updates: Count,
  updatesPerSecond: Count,
  messages: Count,
  statuses: Type.Object({ sent: Count, delivered: Count, read: Count, failed: Count }),
  /** Body bytes, a mixed batch's split over shapes by share of updates. */
  bytes: Count,
  /** Updates in POSTs whose signature did not verify. */
  signatureFailures: Count,
  /** Messages by pricing, once per message from its `sent` status. */
  billable: Count,
  free: Count,
  pricing: Type.Record(Type.String(), PricingCount),
  pricingTypes: Type.Record(Type.String(), Count),
  /** POST transit: the platform's send → the receiver's whole body. */
  delayUs: PercentilesUsSchema,
  delayUnmeasured: Count,
  /** Encoded HDR histogram of the transit (µs), for exact merges. */
  delayHistogram: Type.String(),
  /** Delay from origin (decision 0008): quota queueing, modelled delays and batching included. */
  originDelayUs: Type.Optional(PercentilesUsSchema),
  originDelayHistogram: Type.Optional(Type.String()),
  /** Asynchronous failures by Graph code (`failed` statuses). */
  failedByCode: Type.Optional(Type.Record(Type.String(), Count)),
});
export type WebhookShapeSummary = Static<typeof WebhookShapeSummarySchema>;

export const WebhookSummarySchema = Type.Object({
  /** False with `--target` (the platform's webhooks go wherever it sends them) or with webhooks off. */
  measured: Type.Boolean(),
  note: Type.String(),
  /** What the delay measures, in words. */
  delayFrom: Type.Union([Type.String(), Type.Null()]),
  posts: Count,
  bytes: Count,
  rejectedPosts: Count,
  malformedPosts: Count,
  shapes: Type.Array(WebhookShapeSummarySchema),
  total: Type.Union([WebhookShapeSummarySchema, Type.Null()]),
});
export type WebhookSummary = Static<typeof WebhookSummarySchema>;

/** One thread's event-loop delay over the run: how late its timers ran (µs). */
export const ThreadDelaySummarySchema = Type.Object({
  /** "coordinator" (the run's main thread: merges, writer, webhook receiver), "mock" (the embedded mock), "worker-<i>". */
  thread: Type.String(),
  delayUs: PercentilesUsSchema,
  /** Encoded HDR histogram (µs), for exact merges. */
  histogram: Type.String(),
});
export type ThreadDelaySummary = Static<typeof ThreadDelaySummarySchema>;

/**
 * The measurement floor (issue 9, decision 0020): the event-loop delay of every thread of a live
 * run. Absent in sim (virtual time: no event loop stands between the model and its measurement)
 * and in summaries written before it existed.
 */
export const EventLoopDelaySummarySchema = Type.Object({
  /** What is measured and what it means, in words. */
  note: Type.String(),
  threads: Type.Array(ThreadDelaySummarySchema),
  /** The highest p99 over the threads: latency differences smaller than this cannot be attributed to the platform. */
  p99Us: Us,
});
export type EventLoopDelaySummary = Static<typeof EventLoopDelaySummarySchema>;

/**
 * The resolved scenario as stored (secrets masked): its core fields are checked, the rest is
 * typed by ResolvedScenario (traffic parameters and mock settings have their own schemas).
 */
export const StoredScenarioSchema = Type.Unsafe<ResolvedScenario>(
  Type.Object(
    {
      name: Type.String(),
      seed: Type.Integer(),
      users: Type.Number({ minimum: 1 }),
      durationUs: Type.Number({ minimum: 0 }),
      clock: Type.Object({
        startHour: Type.Number(),
        dayInUs: Type.Number(),
        preRollUs: Type.Union([Type.Number(), Type.Literal('auto')]),
        day: Type.String(),
      }),
      traffic: Type.Object({ mix: Type.Array(Type.Object({ shape: Type.String(), weight: Type.Number() })) }),
      mock: Type.Object({ accessToken: Type.String(), appSecret: Type.String(), verifyToken: Type.String() }),
      load: Type.Object({
        intervalUs: Type.Number(),
        latenessWarnUs: Type.Number(),
        requestTimeoutUs: Type.Number(),
      }),
      thresholds: Type.Array(Type.String()),
    },
    { additionalProperties: true },
  ),
);

export const ShardSchema = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  count: Type.Integer({ minimum: 1 }),
});

/** What a shard's start barrier (`--start-at`) did (decision 0029). */
export const StartRecordSchema = Type.Object({
  /** The shared start instant, ISO-8601 UTC: the plan's t = 0. */
  barrier: Type.String(),
  lateJoin: Type.Boolean(),
  /** How late the shard was ready to start, µs (0 on time). */
  lateByUs: Count,
  /** Plan time it played from, µs after t = 0: 0 unless it joined late (`--late-join`). */
  joinedAtUs: Count,
  /** Planned operations of its share it did not send because it joined late. */
  skippedOperations: Count,
});

/** How a merged result was made (`chatload merge`, decision 0028). */
export const MergeRecordSchema = Type.Object({
  shardCount: Type.Integer({ minimum: 1 }),
  shards: Type.Array(
    Type.Object({
      index: Type.Integer({ minimum: 0 }),
      runId: Type.String(),
      /** The result directory, as given to `chatload merge`. */
      dir: Type.String(),
      epochMs: Type.Number(),
      /** Its t = 0 after the merged one, in whole intervals (0 for shards started together). */
      offsetIntervals: Type.Integer({ minimum: 0 }),
      elapsedSeconds: Count,
      interrupted: Type.Boolean(),
      start: Type.Optional(StartRecordSchema),
    }),
  ),
  /** Shard indexes not given (`--allow-missing`): the result is partial. */
  missing: Type.Array(Type.Integer({ minimum: 0 })),
  /** `sum` over independent platforms (sim shards), the shard whose reading of a shared target was taken once (live), or null. */
  platformStatsFrom: Type.Union([Type.Literal('sum'), Type.Integer({ minimum: 0 }), Type.Null()]),
});

export const SummarySchema = Type.Object({
  schemaVersion: Type.Literal(SUMMARY_SCHEMA_VERSION),
  runId: Type.String(),
  engine: Type.Union([Type.Literal('live'), Type.Literal('sim')]),
  /** The plan's t = 0 as an absolute epoch, ms (live: the shared start instant; sim: the virtual epoch, decision 0002). */
  epochMs: Type.Number(),
  elapsedSeconds: Count,
  plannedDurationSeconds: Count,
  interrupted: Type.Boolean(),
  /** Covers only part of the run: rebuilt from the interval files of a run that did not finish (kill -9, crash), or merged with shards missing or interrupted. */
  partial: Type.Boolean(),
  /** Live: load workers; 0 in sim (its threads, which never change a result, are in provenance.json). */
  workers: Type.Integer({ minimum: 0 }),
  target: Type.Union([Type.Object({ url: Type.String(), embeddedMock: Type.Boolean() }), Type.Null()]),
  /** The resolved scenario, seed included, secrets masked, so the run can be made again. */
  scenario: StoredScenarioSchema,
  /** Hash of the plan-affecting fields: results of different plans are never merged. */
  planFingerprint: Type.String(),
  shard: Type.Union([ShardSchema, Type.Null()]),
  intervalSeconds: Count,
  /** Per (shape, op), then per shape over its ops ("<shape>/*"), then per op over shapes ("*\/<op>"), then all ("*\/*"). */
  series: Type.Array(SeriesSummarySchema),
  thresholds: Type.Array(ThresholdVerdictSchema),
  platformStats: Type.Union([PlatformStatsSchema, Type.Null()]),
  webhooks: WebhookSummarySchema,
  /** The measurement floor of a live run (added in 0.1.x: optional, so earlier v2 files stay valid). */
  eventLoopDelay: Type.Optional(EventLoopDelaySummarySchema),
  warnings: Type.Array(Type.String()),
  /** What the engine measures and what the reader must know (sim: no HTTP; time-compressed days; …). */
  notes: Type.Array(Type.String()),
  /** Compressed or not ("time-compressed: no rate or peak claims"), the hours played and the hour policy (issue 11 §2). */
  timeBase: Type.Optional(TimeBaseSummarySchema),
  /** Load per enrolled and per active user-day, counted and analytic, chatbot ÷ customer service (issue 11 §6); not in a shard's summary. */
  loadPerUserDay: Type.Optional(LoadPerUserDaySummarySchema),
  /** A shard's start barrier (`--start-at`); absent without one. */
  start: Type.Optional(StartRecordSchema),
  /** A merged result's shards (`chatload merge`); absent otherwise. */
  merge: Type.Optional(MergeRecordSchema),
});
export type SummaryJson = Static<typeof SummarySchema>;
