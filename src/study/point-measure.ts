import { type Static, Type } from '@sinclair/typebox';
import { mergeHistograms, type SeriesAggregate } from '../metrics/exact-merge.js';
import { type SeriesKey, splitSeriesKey } from '../metrics/series-key.js';
import type { WebhookTally } from '../metrics/webhook-tally.js';
import type { PlatformStats } from '../platform/platform-stats.js';
import { percentilesUs } from '../report/series-summary.js';
import { PercentilesUsSchema } from '../report/summary-schema.js';
import { OP_KINDS, type OpKind, SHAPE_NAMES, type ShapeName } from '../vocabulary.js';

/**
 * What a study keeps of one run: counters by shape and operation, error codes, the sojourn's
 * percentiles, the webhooks the business received and the platform's own counters — a few
 * hundred bytes instead of a result directory, so hundreds of runs fit in one study and a
 * finished step is read back from its JSON when the study resumes.
 */
const Count = Type.Number({ minimum: 0 });
const ByOp = Type.Object(Object.fromEntries(OP_KINDS.map((kind) => [kind, Count])) as Record<OpKind, typeof Count>);
const ByCode = Type.Record(Type.String(), Count);

export const ShapeMeasureSchema = Type.Object({
  shape: Type.Union(SHAPE_NAMES.map((s) => Type.Literal(s))),
  /** Operations offered (sent) in the window, by kind. */
  sent: ByOp,
  completed: Count,
  errors: Count,
  errorsByCode: ByCode,
  /** Conversations whose first operation fell in the window. */
  conversations: Count,
  bytesSent: Count,
  bytesReceived: Count,
  /** Answer bytes of the `media` operations: the bot's downloads of users' media (+ their metadata answers). */
  mediaBytesReceived: Count,
  webhookUpdates: Count,
  webhookBytes: Count,
  /** Latency from the intended time (in sim: the platform sojourn). */
  latencyUs: PercentilesUsSchema,
  /** The platform's sojourn (queue + service) as the platform recorded it. */
  sojournUs: PercentilesUsSchema,
});
export type ShapeMeasure = Static<typeof ShapeMeasureSchema>;

export const PointMeasureSchema = Type.Object({
  elapsedUs: Count,
  interrupted: Type.Boolean(),
  shapes: Type.Array(ShapeMeasureSchema),
  /** Every operation of every shape. */
  all: Type.Object({ completed: Count, errors: Count, errorsByCode: ByCode, latencyUs: PercentilesUsSchema, sojournUs: PercentilesUsSchema }),
  /** The platform's counters over the window (absent when the target gave none). */
  platform: Type.Union([
    Type.Null(),
    Type.Object({
      slots: Count,
      served: Count,
      busyUs: Count,
      queuedUs: Count,
      maxQueueDepth: Count,
      overloadRefused: Count,
      quotaRefused: Count,
      inboundQueued: Count,
      inboundDropped: Count,
      inboundMaxWaitUs: Count,
      errors: ByCode,
    }),
  ]),
});
export type PointMeasure = Static<typeof PointMeasureSchema>;

export interface RunOutcomeParts {
  readonly series: ReadonlyMap<SeriesKey, SeriesAggregate>;
  readonly platformStats: PlatformStats | undefined;
  readonly webhooks: WebhookTally | undefined;
  readonly elapsedUs: number;
  readonly interrupted: boolean;
}

const addCodes = (into: Record<string, number>, from: Readonly<Record<string, number>>): void => {
  for (const [code, n] of Object.entries(from)) into[code] = (into[code] ?? 0) + n;
};

const sortedCodes = (codes: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(codes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function shapeMeasure(shape: ShapeName, entries: readonly (readonly [SeriesKey, SeriesAggregate])[], webhooks: WebhookTally | undefined): ShapeMeasure {
  const sent = Object.fromEntries(OP_KINDS.map((kind) => [kind, 0])) as Record<OpKind, number>;
  const errorsByCode: Record<string, number> = {};
  let completed = 0;
  let errors = 0;
  let conversations = 0;
  let bytesSent = 0;
  let bytesReceived = 0;
  let mediaBytesReceived = 0;
  for (const [key, data] of entries) {
    const { op } = splitSeriesKey(key);
    const c = data.counters;
    sent[op] += c.sent;
    completed += c.count;
    errors += c.errors;
    conversations += c.conversationsStarted;
    bytesSent += c.bytesSent;
    bytesReceived += c.bytesReceived;
    if (op === 'media') mediaBytesReceived += c.bytesReceived;
    addCodes(errorsByCode, c.errorsByCode);
  }
  const tally = webhooks?.shapes.get(shape);
  return {
    shape,
    sent,
    completed,
    errors,
    errorsByCode: sortedCodes(errorsByCode),
    conversations,
    bytesSent,
    bytesReceived,
    mediaBytesReceived,
    webhookUpdates: tally?.updates ?? 0,
    webhookBytes: tally?.bytes ?? 0,
    latencyUs: percentilesUs(mergeHistograms(entries.map(([, d]) => d.latency))),
    sojournUs: percentilesUs(mergeHistograms(entries.map(([, d]) => d.platform))),
  };
}

/** The measure of a run (either engine), series taken in key order so the same run gives the same bytes. */
export function pointMeasureOf(run: RunOutcomeParts): PointMeasure {
  const entries = [...run.series].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const shapes = SHAPE_NAMES.flatMap((shape) => {
    const own = entries.filter(([key]) => splitSeriesKey(key).shape === shape);
    return own.length === 0 ? [] : [shapeMeasure(shape, own, run.webhooks)];
  });
  const errorsByCode: Record<string, number> = {};
  for (const s of shapes) addCodes(errorsByCode, s.errorsByCode);
  const stats = run.platformStats;
  return {
    elapsedUs: run.elapsedUs,
    interrupted: run.interrupted,
    shapes,
    all: {
      completed: shapes.reduce((n, s) => n + s.completed, 0),
      errors: shapes.reduce((n, s) => n + s.errors, 0),
      errorsByCode: sortedCodes(errorsByCode),
      latencyUs: percentilesUs(mergeHistograms(entries.map(([, d]) => d.latency))),
      sojournUs: percentilesUs(mergeHistograms(entries.map(([, d]) => d.platform))),
    },
    platform:
      stats === undefined
        ? null
        : {
            slots: stats.capacity.slots,
            served: stats.capacity.served,
            busyUs: stats.capacity.busyUs,
            queuedUs: stats.capacity.queuedUs,
            maxQueueDepth: stats.capacity.maxQueueDepth,
            overloadRefused: stats.capacity.overloadRefused,
            quotaRefused: stats.quota.refused,
            inboundQueued: stats.quota.inboundQueued,
            inboundDropped: stats.quota.inboundDropped,
            inboundMaxWaitUs: stats.quota.inboundMaxWaitUs,
            errors: sortedCodes({ ...stats.errors }),
          },
  };
}

/** The measure of one shape, or undefined when the run had none of it. */
export const shapeOf = (measure: PointMeasure, shape: ShapeName): ShapeMeasure | undefined => measure.shapes.find((s) => s.shape === shape);
