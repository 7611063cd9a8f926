import { usToSeconds } from '../units.js';
import { byKey } from './hdr-settings.js';
import type { ClosedInterval } from './run-aggregate.js';
import type { IntervalRow } from './run-result.js';

/** One timeseries row per series of a closed interval (rates, errors, p50/p99, in flight). */
export function intervalRowsOf(interval: ClosedInterval, intervalUs: number): IntervalRow[] {
  const startSeconds = usToSeconds(interval.index * intervalUs);
  const endSeconds = usToSeconds((interval.index + 1) * intervalUs);
  return byKey(interval.series).map(([key, series]) => ({
    index: interval.index,
    startSeconds,
    endSeconds,
    key,
    sent: series.counters.sent,
    count: series.counters.count,
    errors: series.counters.errors,
    latencyP50Us: series.latency.totalCount > 0 ? series.latency.getValueAtPercentile(50) : 0,
    latencyP99Us: series.latency.totalCount > 0 ? series.latency.getValueAtPercentile(99) : 0,
    serviceP99Us: series.service.totalCount > 0 ? series.service.getValueAtPercentile(99) : 0,
    inFlight: interval.inFlight,
  }));
}
