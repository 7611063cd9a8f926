import type { HistogramCounts } from './hdr-settings.js';
import type { SeriesKey } from './series-key.js';

/** Counters of one series over one interval (or a whole run). Plain data: it crosses the worker boundary. */
export interface SeriesCounters {
  /** Operations completed (answered, failed or timed out) in the interval. */
  count: number;
  /** Completed with an error (HTTP ≥ 400, transport error or timeout). */
  errors: number;
  /** Errors by Graph error code ("130429"), or "http_<status>", "timeout", "transport". */
  errorsByCode: Record<string, number>;
  /** Operations sent (started) in the interval. */
  sent: number;
  /** Conversations whose first operation (seq 0) was sent in the interval, in this series. */
  conversationsStarted: number;
  bytesSent: number;
  bytesReceived: number;
}

/** One series' interval: HDR histograms (µs) as their non-empty buckets, plus counters. */
export interface SeriesSnapshot extends SeriesCounters {
  /** Latency from the intended send time (coordinated-omission correct). */
  latency: HistogramCounts;
  /** Service time from the actual send. */
  service: HistogramCounts;
  /** How late the generator sent: actual send − intended time. */
  lateness: HistogramCounts;
  /** The platform's sojourn, when the answer carried it (absent when nothing was recorded). */
  platform?: HistogramCounts;
}

/** What a worker sends the coordinator every interval. */
export interface IntervalSnapshot {
  /** Interval index: 0 covers [runStart, runStart + interval). */
  readonly index: number;
  readonly workerIndex: number;
  /** Operations in flight at the end of the interval. */
  readonly inFlight: number;
  readonly series: Partial<Record<SeriesKey, SeriesSnapshot>>;
}
