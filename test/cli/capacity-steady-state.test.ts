import { describe, expect, it } from 'vitest';
import { firstSteadyInterval, steadyState } from '../../src/cli/capacity-steady-state.js';
import { createHistogram, type Histogram } from '../../src/metrics/hdr-settings.js';
import type { LoggedInterval } from '../../src/metrics/interval-log.js';
import { emptySeriesAggregate } from '../../src/metrics/exact-merge.js';
import type { IntervalRow } from '../../src/metrics/run-result.js';
import type { SeriesKey } from '../../src/metrics/series-key.js';

const KEY = 'general-chatbot/send' as SeriesKey;
const histogramOf = (valueUs: number, n: number): Histogram => {
  const h = createHistogram();
  h.recordValueWithCount(valueUs, n);
  return h;
};

// Three 1-second intervals: the first (warm-up) is slow and error-free, the last two fast with errors.
const logged: LoggedInterval[] = [0, 1, 2].flatMap((i) => [
  {
    tag: `${KEY}/latency`,
    startSeconds: i,
    endSeconds: i + 1,
    histogram: histogramOf(i === 0 ? 900_000 : 2_000, 10),
  },
  {
    tag: `${KEY}/service`,
    startSeconds: i,
    endSeconds: i + 1,
    histogram: histogramOf(i === 0 ? 800_000 : 1_000, 10),
  },
]);
const rows: IntervalRow[] = [0, 1, 2].map((i) => ({
  index: i,
  startSeconds: i,
  endSeconds: i + 1,
  key: KEY,
  sent: 10,
  count: 10,
  errors: i === 0 ? 0 : 3,
  latencyP50Us: 0,
  latencyP99Us: 0,
  serviceP99Us: 0,
  inFlight: 0,
}));
const whole = emptySeriesAggregate();
whole.counters.errorsByCode['130429'] = 6;

describe('steady state of a capacity step', () => {
  it('keeps the intervals that start at or after the warm-up', () => {
    expect(firstSteadyInterval(0, 1_000_000)).toBe(0);
    expect(firstSteadyInterval(2_000_000, 1_000_000)).toBe(2);
    expect(firstSteadyInterval(1_500_000, 1_000_000)).toBe(2);
  });

  it('merges histograms and counters after the warm-up only; rates are over the measured time', () => {
    const result = {
      series: new Map([[KEY, whole]]),
      intervals: rows,
      intervalUs: 1_000_000,
      elapsedUs: 3_000_000,
    };
    const steady = steadyState(logged, result, 1_000_000);
    const s = steady.series.get(KEY)!;
    expect(s.latency.totalCount).toBe(20);
    expect(s.latency.maxValue).toBeLessThan(3_000);
    expect(s.service.totalCount).toBe(20);
    expect(s.counters).toMatchObject({ sent: 20, count: 20, errors: 6, errorsByCode: { '130429': 6 } });
    expect(steady.measuredUs).toBe(2_000_000);
    // No warm-up: everything, the slow first second included.
    const all = steadyState(logged, result, 0).series.get(KEY)!;
    expect(all.latency.totalCount).toBe(30);
    expect(all.latency.maxValue).toBeGreaterThan(800_000);
  });
});
