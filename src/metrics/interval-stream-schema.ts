import { type Static, Type } from '@sinclair/typebox';
import { SHAPE_NAMES } from '../scenario/traffic-schema.js';
import { OP_KINDS } from '../traffic/operation.js';

/**
 * The schema of `intervals.ndjson`: one JSON object per line, a header first, then per closed
 * interval one `series` line per active series followed by one `interval` line that closes it,
 * and an `end` line when the run finished. Documented in docs/intervals-ndjson.md.
 *
 * Versioning: readers ignore fields they do not know, so adding a field keeps the version;
 * removing, renaming or changing the meaning of one bumps INTERVAL_STREAM_VERSION.
 */
import { INTERVAL_STREAM_SCHEMA, INTERVAL_STREAM_VERSION } from './interval-stream-names.js';

export {
  INTERVAL_STREAM_FILE,
  INTERVAL_STREAM_SCHEMA,
  INTERVAL_STREAM_VERSION,
} from './interval-stream-names.js';

const Count = Type.Integer({ minimum: 0 });
const TimeUs = Type.Integer({ minimum: 0 });

/** A series key as the rest of chatload writes it: "<shape>/<op>". */
const SeriesKeySchema = Type.TemplateLiteral([
  Type.Union(SHAPE_NAMES.map((shape) => Type.Literal(shape))),
  Type.Literal('/'),
  Type.Union(OP_KINDS.map((op) => Type.Literal(op))),
]);

/** One HDR histogram of one interval, summarised (µs). The histograms themselves are in histograms.hlog. */
export const HistogramSummarySchema = Type.Object({
  count: Count,
  p50: TimeUs,
  p90: TimeUs,
  p99: TimeUs,
  p999: TimeUs,
  max: TimeUs,
});
export type HistogramSummaryUs = Static<typeof HistogramSummarySchema>;

export const IntervalStreamHeaderSchema = Type.Object({
  kind: Type.Literal('header'),
  schema: Type.Literal(INTERVAL_STREAM_SCHEMA),
  version: Type.Literal(INTERVAL_STREAM_VERSION),
  runId: Type.String({ minLength: 1 }),
  /** The tool's version; absent in a result directory's copy, which stays byte-identical across versions for a sim (decision 0002: the version lives in provenance.json). */
  toolVersion: Type.Optional(Type.String()),
  /** `live` runs in real time; `sim` in virtual time, whose epoch is a stated virtual one. */
  engine: Type.Union([Type.Literal('live'), Type.Literal('sim')]),
  scenario: Type.String(),
  seed: Type.Integer(),
  /** The plan's t = 0 as an absolute epoch (ms); every interval's `endEpochMs` derives from it. */
  runEpochMs: Type.Number({ minimum: 0 }),
  /** Local hour of day the plan's clock shows at t = 0 (the scenario's clock.startHour). */
  clockStartHour: Type.Number({ minimum: 0, maximum: 24 }),
  intervalUs: Type.Integer({ exclusiveMinimum: 0 }),
  /** Which part of a sharded run this stream is; an unsharded run is shard 0 of 1. */
  shard: Type.Object({ index: Count, count: Type.Integer({ minimum: 1 }) }),
});
export type IntervalStreamHeader = Static<typeof IntervalStreamHeaderSchema>;

/** Where an interval sits: [startUs, endUs) after the plan's t = 0, and its end as an absolute epoch. */
const IntervalPlace = {
  index: Count,
  startUs: TimeUs,
  endUs: TimeUs,
  endEpochMs: Type.Number({ minimum: 0 }),
  /** Operations in flight at the interval's end, over every series of every worker. */
  inFlight: Count,
};

export const SeriesRecordSchema = Type.Object({
  kind: Type.Literal('series'),
  ...IntervalPlace,
  series: SeriesKeySchema,
  sent: Count,
  count: Count,
  errors: Count,
  errorsByCode: Type.Record(Type.String(), Count),
  conversationsStarted: Count,
  bytesSent: Count,
  bytesReceived: Count,
  /** Latency from the intended send time (coordinated-omission correct). */
  latencyUs: HistogramSummarySchema,
  /** Service time from the actual send. */
  serviceUs: HistogramSummarySchema,
  /** Generator lateness: actual send − intended time. */
  latenessUs: HistogramSummarySchema,
});
export type SeriesRecord = Static<typeof SeriesRecordSchema>;

/** Closes an interval: written after its series lines, so a reader knows the interval is whole. */
export const IntervalCloseRecordSchema = Type.Object({
  kind: Type.Literal('interval'),
  ...IntervalPlace,
  /** How many `series` lines of this interval precede this line. */
  seriesCount: Count,
});
export type IntervalCloseRecord = Static<typeof IntervalCloseRecordSchema>;

export const IntervalStreamEndSchema = Type.Object({
  kind: Type.Literal('end'),
  /** Intervals closed in the whole stream. */
  intervals: Count,
  interrupted: Type.Boolean(),
  /** Wall (or virtual) time from t = 0 to the last operation's completion. */
  elapsedUs: TimeUs,
});
export type IntervalStreamEnd = Static<typeof IntervalStreamEndSchema>;

export type IntervalStreamRecord =
  | IntervalStreamHeader
  | SeriesRecord
  | IntervalCloseRecord
  | IntervalStreamEnd;
export type IntervalStreamKind = IntervalStreamRecord['kind'];

export const RECORD_SCHEMAS = {
  header: IntervalStreamHeaderSchema,
  series: SeriesRecordSchema,
  interval: IntervalCloseRecordSchema,
  end: IntervalStreamEndSchema,
} as const;
