import { stringify } from 'csv-stringify/sync';
import type { IntervalRow } from '../metrics/run-result.js';
import { splitSeriesKey } from '../metrics/series-key.js';
import { usToMs } from '../units.js';

/** One interval of one (shape, op) series as timeseries.csv holds it; latencies are null when nothing completed. */
export interface TimeseriesRow {
  readonly startSeconds: number;
  readonly endSeconds: number;
  readonly shape: string;
  readonly op: string;
  readonly sent: number;
  readonly completed: number;
  readonly ratePerSecond: number;
  readonly errors: number;
  readonly latencyP50Ms: number | null;
  readonly latencyP99Ms: number | null;
  readonly serviceP99Ms: number | null;
  readonly inFlight: number;
}

export const TIMESERIES_CSV_COLUMNS: readonly string[] = [
  'start_s',
  'end_s',
  'shape',
  'op',
  'sent',
  'completed',
  'rate_per_s',
  'errors',
  'latency_p50_ms',
  'latency_p99_ms',
  'service_p99_ms',
  'in_flight',
];

/** A row of the file; the last interval is cut at the run's end, so its rate is over the time it really lasted. */
export function timeseriesRowOf(row: IntervalRow, elapsedSeconds = Number.POSITIVE_INFINITY): TimeseriesRow {
  const { shape, op } = splitSeriesKey(row.key);
  const endSeconds = Math.max(row.startSeconds, Math.min(row.endSeconds, elapsedSeconds));
  const spanSeconds = endSeconds - row.startSeconds;
  const none = row.count === 0;
  return {
    startSeconds: row.startSeconds,
    endSeconds,
    shape,
    op,
    sent: row.sent,
    completed: row.count,
    ratePerSecond: spanSeconds > 0 ? row.count / spanSeconds : 0,
    errors: row.errors,
    latencyP50Ms: none ? null : usToMs(row.latencyP50Us),
    latencyP99Ms: none ? null : usToMs(row.latencyP99Us),
    serviceP99Ms: none ? null : usToMs(row.serviceP99Us),
    inFlight: row.inFlight,
  };
}

const cell = (ms: number | null): string => (ms === null ? '' : ms.toFixed(3));

/** timeseries.csv: one row per interval × series; an empty latency cell means no completion in that interval. */
export function timeseriesCsv(rows: readonly TimeseriesRow[]): string {
  const cells = rows.map((r) => [
    r.startSeconds.toFixed(3),
    r.endSeconds.toFixed(3),
    r.shape,
    r.op,
    String(r.sent),
    String(r.completed),
    r.ratePerSecond.toFixed(3),
    String(r.errors),
    cell(r.latencyP50Ms),
    cell(r.latencyP99Ms),
    cell(r.serviceP99Ms),
    String(r.inFlight),
  ]);
  return stringify(cells, { header: true, columns: [...TIMESERIES_CSV_COLUMNS] });
}

/**
 * Parses timeseries.csv as written above (no quoting is ever needed: names hold no commas).
 * Returns the rows or a message saying what is wrong and on which line.
 */
export function parseTimeseriesCsv(
  text: string,
): { ok: true; rows: TimeseriesRow[] } | { ok: false; error: string } {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const header = lines[0];
  if (header !== TIMESERIES_CSV_COLUMNS.join(','))
    return { ok: false, error: `unexpected header "${header ?? ''}"` };
  const rows: TimeseriesRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.split(',');
    const num = (index: number): number => Number(f[index]);
    const opt = (index: number): number | null => (f[index] === '' ? null : Number(f[index]));
    const row: TimeseriesRow = {
      startSeconds: num(0),
      endSeconds: num(1),
      shape: f[2] ?? '',
      op: f[3] ?? '',
      sent: num(4),
      completed: num(5),
      ratePerSecond: num(6),
      errors: num(7),
      latencyP50Ms: opt(8),
      latencyP99Ms: opt(9),
      serviceP99Ms: opt(10),
      inFlight: num(11),
    };
    const numbers = [
      row.startSeconds,
      row.endSeconds,
      row.sent,
      row.completed,
      row.ratePerSecond,
      row.errors,
      row.inFlight,
    ];
    if (f.length !== TIMESERIES_CSV_COLUMNS.length || numbers.some((n) => !Number.isFinite(n))) {
      return { ok: false, error: `line ${i + 1} is malformed: "${lines[i]}"` };
    }
    rows.push(row);
  }
  return { ok: true, rows };
}
