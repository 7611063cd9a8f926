import type { LoggedInterval } from '../metrics/interval-log.js';
import { emptyCounters, emptySeriesAggregate } from '../metrics/exact-merge.js';
import type { SeriesAggregate } from '../metrics/run-aggregate.js';
import type { IntervalRow, RunResult } from '../metrics/run-result.js';
import type { SeriesKey } from '../metrics/series-key.js';
import { secondsToUs, usToSeconds } from '../units.js';

/**
 * A capacity step's measure without its warm-up. The scenario's pre-roll already starts the
 * conversations before t=0, so the *traffic* is in steady state from the first second; what
 * the warm-up removes is the platform's start (empty queues, the throughput limiter's full
 * burst allowance, a cold JIT), which would flatter the first seconds of every step.
 *
 * How: the step's interval log (histograms.hlog: latency, service and lateness histograms per
 * series per interval) is merged over the intervals that start at or after the warm-up, and
 * the counters come from the same intervals' rows. Errors by code, which the per-interval
 * files do not hold, are taken from the whole step instead, and capacity.json says so. Bytes
 * are not counted here (no SLO reads them).
 */
export interface SteadyState {
  readonly series: ReadonlyMap<SeriesKey, SeriesAggregate>;
  /** Time measured after the warm-up (µs): from the first kept interval to the run's end. */
  readonly measuredUs: number;
  /** Start of the first kept interval (µs from the run's start). */
  readonly fromUs: number;
}

/** Index of the first interval that starts at or after the warm-up (intervals are the run's, e.g. 1 s). */
export function firstSteadyInterval(warmupUs: number, intervalUs: number): number {
  // A hair of tolerance so a 2 s warm-up on 1 s intervals keeps interval 2, not 3.
  return Math.max(0, Math.ceil(warmupUs / intervalUs - 1e-9));
}

/** "customer-service/send/latency" → key "customer-service/send", measure "latency". */
function splitTag(tag: string): { key: SeriesKey; measure: string } | undefined {
  const slash = tag.lastIndexOf('/');
  if (slash <= 0) return undefined;
  return { key: tag.slice(0, slash) as SeriesKey, measure: tag.slice(slash + 1) };
}

export function steadyState(
  logged: readonly LoggedInterval[],
  result: Pick<RunResult, 'series' | 'intervals' | 'intervalUs' | 'elapsedUs'>,
  warmupUs: number,
): SteadyState {
  const first = firstSteadyInterval(warmupUs, result.intervalUs);
  const fromUs = first * result.intervalUs;
  const fromSeconds = usToSeconds(fromUs);
  const series = new Map<SeriesKey, SeriesAggregate>();
  const entry = (key: SeriesKey): SeriesAggregate => {
    let found = series.get(key);
    if (!found) {
      const whole = result.series.get(key);
      const counters = { ...emptyCounters(), errorsByCode: { ...(whole?.counters.errorsByCode ?? {}) } };
      found = { ...emptySeriesAggregate(), counters };
      series.set(key, found);
    }
    return found;
  };
  for (const interval of logged) {
    // Interval start times in the log are whole multiples of the interval; compare with a tolerance for float text.
    if (interval.startSeconds < fromSeconds - 1e-6) continue;
    const parsed = splitTag(interval.tag);
    if (!parsed) continue;
    if (parsed.measure === 'latency') entry(parsed.key).latency.add(interval.histogram);
    else if (parsed.measure === 'service') entry(parsed.key).service.add(interval.histogram);
    else if (parsed.measure === 'lateness') entry(parsed.key).lateness.add(interval.histogram);
    else if (parsed.measure === 'platform') entry(parsed.key).platform.add(interval.histogram);
  }
  for (const row of result.intervals as readonly IntervalRow[]) {
    if (row.index < first) continue;
    const counters = entry(row.key).counters;
    counters.sent += row.sent;
    counters.count += row.count;
    counters.errors += row.errors;
  }
  return { series, measuredUs: Math.max(secondsToUs(0.001), result.elapsedUs - fromUs), fromUs };
}
