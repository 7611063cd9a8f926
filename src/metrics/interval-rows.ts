import { usToSeconds } from '../units.js';
import { byKey, percentilesUsOf } from './hdr-settings.js';
import type { ClosedInterval } from './run-aggregate.js';
import type { IntervalRow } from './run-result.js';

/** One timeseries row per series of a closed interval (rates, errors, p50/p99, in flight). */
export function intervalRowsOf(interval: ClosedInterval, intervalUs: number): IntervalRow[] {
  const startSeconds = usToSeconds(interval.index * intervalUs);
  const endSeconds = usToSeconds((interval.index + 1) * intervalUs);
  return byKey(interval.series).map(([key, series]) => {
    const [latencyP50Us = 0, latencyP99Us = 0] = percentilesUsOf(series.latency, [50, 99]);
    const [serviceP99Us = 0] = percentilesUsOf(series.service, [99]);
    return {
      index: interval.index,
      startSeconds,
      endSeconds,
      key,
      sent: series.counters.sent,
      count: series.counters.count,
      errors: series.counters.errors,
      latencyP50Us,
      latencyP99Us,
      serviceP99Us,
      inFlight: interval.inFlight,
    };
  });
}
