import { encodeHistogram, type Histogram, meanUsOf, percentilesUsOf } from '../metrics/hdr-settings.js';
import { addSeriesAggregate, emptySeriesAggregate, type SeriesAggregate } from '../metrics/exact-merge.js';
import { type SeriesKey, splitSeriesKey } from '../metrics/series-key.js';
import { SHAPE_NAMES } from '../scenario/traffic-schema.js';
import { OP_KINDS, type OpKind, type ShapeName } from '../traffic/operation.js';
import { usToSeconds } from '../units.js';
import type { PercentilesUs, SeriesSummary } from './summary-schema.js';

/** Percentiles of one histogram (µs); all zeros for an empty one, so JSON never holds NaN or MAX_SAFE_INTEGER. */
export function percentilesUs(histogram: Histogram): PercentilesUs {
  const count = histogram.totalCount;
  if (count === 0) return { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  const [min = 0, p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0] = percentilesUsOf(histogram, [0, 50, 90, 99, 99.9, 100]);
  return { count, min, mean: meanUsOf(histogram), p50, p90, p99, p999, max };
}

function summaryOf(
  key: string,
  shape: ShapeName | '*',
  op: OpKind | '*',
  data: SeriesAggregate,
  elapsedSeconds: number,
): SeriesSummary {
  const c = data.counters;
  return {
    key,
    shape,
    op,
    sent: c.sent,
    conversationsStarted: c.conversationsStarted,
    count: c.count,
    errors: c.errors,
    errorsByCode: sortedByKey(c.errorsByCode),
    ratePerSecond: elapsedSeconds > 0 ? c.count / elapsedSeconds : 0,
    errorShare: c.count > 0 ? c.errors / c.count : 0,
    bytesSent: c.bytesSent,
    bytesReceived: c.bytesReceived,
    latencyUs: percentilesUs(data.latency),
    serviceUs: percentilesUs(data.service),
    latenessUs: percentilesUs(data.lateness),
    ...(data.platform.totalCount > 0 ? { platformUs: percentilesUs(data.platform) } : {}),
    histograms: {
      latency: encodeHistogram(data.latency),
      service: encodeHistogram(data.service),
      lateness: encodeHistogram(data.lateness),
      ...(data.platform.totalCount > 0 ? { platform: encodeHistogram(data.platform) } : {}),
    },
  };
}

/** Exact merge of several series: histograms add, counters add (percentiles are never averaged). */
export function mergeSeriesAggregates(parts: readonly SeriesAggregate[]): SeriesAggregate {
  const merged = emptySeriesAggregate();
  for (const part of parts) addSeriesAggregate(merged, part);
  return merged;
}

const orderOf = (list: readonly string[], item: string): number => {
  const index = list.indexOf(item);
  return index < 0 ? list.length : index;
};

/** Shapes then operations in their declared order, unknown names last (alphabetically). */
export function compareShapeOp(a: { shape: string; op: string }, b: { shape: string; op: string }): number {
  return (
    orderOf(SHAPE_NAMES, a.shape) - orderOf(SHAPE_NAMES, b.shape) ||
    a.shape.localeCompare(b.shape) ||
    orderOf(OP_KINDS, a.op) - orderOf(OP_KINDS, b.op) ||
    a.op.localeCompare(b.op)
  );
}

/**
 * The summary's series rows: each (shape, op), then each shape over its ops ("<shape>/*"),
 * each op over shapes ("*\/<op>"), and everything ("*\/*"), all from merged histograms.
 */
export function summarizeSeries(
  series: ReadonlyMap<SeriesKey, SeriesAggregate>,
  elapsedUs: number,
): SeriesSummary[] {
  const elapsedSeconds = usToSeconds(elapsedUs);
  const entries = [...series]
    .map(([key, data]) => ({ key, ...splitSeriesKey(key), data }))
    .sort(compareShapeOp);
  const shapes = [...new Set(entries.map((e) => e.shape))];
  const ops = [...new Set(entries.map((e) => e.op))].sort((a, b) =>
    compareShapeOp({ shape: '', op: a }, { shape: '', op: b }),
  );
  const rows: SeriesSummary[] = entries.map((e) => summaryOf(e.key, e.shape, e.op, e.data, elapsedSeconds));
  for (const shape of shapes) {
    const parts = entries.filter((e) => e.shape === shape).map((e) => e.data);
    rows.push(summaryOf(`${shape}/*`, shape, '*', mergeSeriesAggregates(parts), elapsedSeconds));
  }
  for (const op of ops) {
    const parts = entries.filter((e) => e.op === op).map((e) => e.data);
    rows.push(summaryOf(`*/${op}`, '*', op, mergeSeriesAggregates(parts), elapsedSeconds));
  }
  rows.push(summaryOf('*/*', '*', '*', mergeSeriesAggregates(entries.map((e) => e.data)), elapsedSeconds));
  return rows;
}

/** Error codes in a fixed order (by code), so merge order never shows in the files (decision 0004). */
export function sortedByKey(counts: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
