import { addSnapshotInto, emptySeriesAggregate, type SeriesAggregate } from './exact-merge.js';
import type { IntervalSnapshot } from './interval-snapshot.js';
import type { SeriesKey } from './series-key.js';

export type { SeriesAggregate } from './exact-merge.js';

/** One interval, merged over all workers. */
export interface ClosedInterval {
  readonly index: number;
  readonly inFlight: number;
  readonly series: ReadonlyMap<SeriesKey, SeriesAggregate>;
}

interface OpenInterval {
  readonly reporters: Set<number>;
  inFlight: number;
  readonly series: Map<SeriesKey, SeriesAggregate>;
}

/**
 * The coordinator's side of recording: decodes each worker's interval snapshot once, adds
 * it to the run totals (an exact merge: histograms add) and to its interval, and closes an
 * interval when every worker has reported it, handing it to `onIntervalClosed` (interval
 * log, time series, progress) in index order.
 */
export class RunAggregate {
  /** Workers still expected to report; a finished worker is retired so later intervals can close. */
  readonly #active: Set<number>;
  readonly #onIntervalClosed: (interval: ClosedInterval) => void;
  readonly #open = new Map<number, OpenInterval>();
  readonly #totals = new Map<SeriesKey, SeriesAggregate>();
  readonly #keepTotals: boolean;
  #nextToClose = 0;

  /**
   * `reporters`: how many (0 … n − 1), or which ones (a sim shard's clusters). Without
   * `keepTotals` (true by default) only intervals are merged: the caller has its totals.
   */
  constructor(reporters: number | readonly number[], onIntervalClosed: (interval: ClosedInterval) => void = () => {}, options: { readonly keepTotals?: boolean } = {}) {
    this.#active = new Set(typeof reporters === 'number' ? Array.from({ length: reporters }, (_, i) => i) : reporters);
    this.#onIntervalClosed = onIntervalClosed;
    this.#keepTotals = options.keepTotals ?? true;
  }

  add(snapshot: IntervalSnapshot): void {
    let interval = this.#open.get(snapshot.index);
    if (!interval) {
      interval = { reporters: new Set(), inFlight: 0, series: new Map() };
      this.#open.set(snapshot.index, interval);
    }
    interval.reporters.add(snapshot.workerIndex);
    interval.inFlight += snapshot.inFlight;
    for (const [key, data] of Object.entries(snapshot.series) as [
      SeriesKey,
      NonNullable<IntervalSnapshot['series'][SeriesKey]>,
    ][]) {
      addSnapshotInto(this.#keepTotals ? [seriesIn(interval.series, key), seriesIn(this.#totals, key)] : [seriesIn(interval.series, key)], data);
    }
    this.#closeReady(false);
  }

  /** A worker sent its last snapshot: stop waiting for it. */
  retire(workerIndex: number): void {
    this.#active.delete(workerIndex);
    this.#closeReady(false);
  }

  /** Closes every interval still open (end of run, or a worker that stopped reporting). */
  closeAll(): void {
    this.#closeReady(true);
  }

  get totals(): ReadonlyMap<SeriesKey, SeriesAggregate> {
    return this.#totals;
  }

  #closeReady(force: boolean): void {
    for (;;) {
      const interval = this.#open.get(this.#nextToClose);
      if (!interval) {
        const later = [...this.#open.keys()].filter((i) => i > this.#nextToClose);
        if (force && later.length > 0) {
          this.#nextToClose = Math.min(...later);
          continue;
        }
        return;
      }
      if (!force && [...this.#active].some((worker) => !interval.reporters.has(worker))) return;
      this.#open.delete(this.#nextToClose);
      this.#onIntervalClosed({
        index: this.#nextToClose,
        inFlight: interval.inFlight,
        series: interval.series,
      });
      this.#nextToClose += 1;
    }
  }
}

function seriesIn(map: Map<SeriesKey, SeriesAggregate>, key: SeriesKey): SeriesAggregate {
  let series = map.get(key);
  if (!series) {
    series = emptySeriesAggregate();
    map.set(key, series);
  }
  return series;
}
