import { usToMs } from '../units.js';
import { type Histogram, percentilesUsOf } from './hdr-settings.js';
import { INTERVAL_STREAM_SCHEMA, INTERVAL_STREAM_VERSION } from './interval-stream-names.js';
import type {
  HistogramSummaryUs,
  IntervalCloseRecord,
  IntervalStreamEnd,
  IntervalStreamHeader,
  IntervalStreamRecord,
  SeriesRecord,
} from './interval-stream-schema.js';
import type { ClosedInterval } from './run-aggregate.js';

/** What the header says about the run; the schema name and version are added here. */
export type IntervalStreamRunInfo = Omit<IntervalStreamHeader, 'kind' | 'schema' | 'version'>;

export function intervalStreamHeader(info: IntervalStreamRunInfo): IntervalStreamHeader {
  return { kind: 'header', schema: INTERVAL_STREAM_SCHEMA, version: INTERVAL_STREAM_VERSION, ...info };
}

/**
 * The lines of one closed interval: one `series` line per series that had activity (by key), then the
 * `interval` line that closes it. `runEpochMs` is the plan's t = 0 (the header's), so every
 * line carries its absolute end time and can be read alone.
 */
export function intervalRecordsOf(
  closed: ClosedInterval,
  intervalUs: number,
  runEpochMs: number,
): (SeriesRecord | IntervalCloseRecord)[] {
  const place = {
    index: closed.index,
    startUs: closed.index * intervalUs,
    endUs: (closed.index + 1) * intervalUs,
    endEpochMs: runEpochMs + usToMs((closed.index + 1) * intervalUs),
    inFlight: closed.inFlight,
  };
  const records: (SeriesRecord | IntervalCloseRecord)[] = [];
  // Sorted by key, as the hlog is: the order series first appeared depends on threads and timing.
  for (const [key, aggregate] of [...closed.series].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const { counters } = aggregate;
    records.push({
      kind: 'series',
      ...place,
      series: key,
      sent: counters.sent,
      count: counters.count,
      errors: counters.errors,
      // In code order: the order codes were first met depends on how workers, clusters or shards were merged.
      errorsByCode: Object.fromEntries(
        Object.entries(counters.errorsByCode).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      ),
      conversationsStarted: counters.conversationsStarted,
      bytesSent: counters.bytesSent,
      bytesReceived: counters.bytesReceived,
      latencyUs: summarizeHistogramUs(aggregate.latency),
      serviceUs: summarizeHistogramUs(aggregate.service),
      latenessUs: summarizeHistogramUs(aggregate.lateness),
    });
  }
  records.push({ kind: 'interval', ...place, seriesCount: records.length });
  return records;
}

export function intervalStreamEnd(
  intervals: number,
  interrupted: boolean,
  elapsedUs: number,
): IntervalStreamEnd {
  return { kind: 'end', intervals, interrupted, elapsedUs: Math.round(elapsedUs) };
}

/** One record as one NDJSON line (JSON has no raw newlines, so the line cannot split). */
export function toNdjsonLine(record: IntervalStreamRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/**
 * Count, p50, p90, p99, p99.9 and max of a histogram (µs); zeros when empty. All are read from
 * the counts, as summary.json's are (decision 0004), so a stream is the same bytes whether its
 * histograms were recorded on one thread or merged from several.
 */
export function summarizeHistogramUs(histogram: Histogram): HistogramSummaryUs {
  const [p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0] = percentilesUsOf(histogram, [50, 90, 99, 99.9, 100]);
  return { count: histogram.totalCount, p50, p90, p99, p999, max };
}
