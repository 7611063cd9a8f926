import { createHistogram } from '../../src/metrics/hdr-settings.js';
import { emptyCounters } from '../../src/metrics/exact-merge.js';
import type { SeriesCounters } from '../../src/metrics/interval-snapshot.js';
import type { ClosedInterval, SeriesAggregate } from '../../src/metrics/run-aggregate.js';
import type { SeriesKey } from '../../src/metrics/series-key.js';

/** One series of a hand-made interval: the values recorded (µs) and the counters. */
export interface SeriesFixture {
  readonly latencyUs?: readonly number[];
  readonly serviceUs?: readonly number[];
  readonly latenessUs?: readonly number[];
  readonly counters?: Partial<SeriesCounters>;
}

export function seriesAggregateOf(fixture: SeriesFixture): SeriesAggregate {
  const aggregate: SeriesAggregate = {
    latency: createHistogram(),
    service: createHistogram(),
    lateness: createHistogram(),
    platform: createHistogram(),
    counters: { ...emptyCounters(), ...fixture.counters },
  };
  for (const v of fixture.latencyUs ?? []) aggregate.latency.recordValue(v);
  for (const v of fixture.serviceUs ?? []) aggregate.service.recordValue(v);
  for (const v of fixture.latenessUs ?? []) aggregate.lateness.recordValue(v);
  return aggregate;
}

/** A ClosedInterval as the run aggregate hands it out, built from plain values. */
export function closedIntervalOf(index: number, inFlight: number, series: Partial<Record<SeriesKey, SeriesFixture>>): ClosedInterval {
  const map = new Map<SeriesKey, SeriesAggregate>();
  for (const [key, fixture] of Object.entries(series) as [SeriesKey, SeriesFixture][]) map.set(key, seriesAggregateOf(fixture));
  return { index, inFlight, series: map };
}

export const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
