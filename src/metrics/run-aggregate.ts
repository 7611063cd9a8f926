import { workerThreadName } from './event-loop-delay.js';
import { addSnapshotInto, emptySeriesAggregate, resetAggregate, type SeriesAggregate } from './exact-merge.js';
import { addHistogram, createHistogram, type Histogram, resetHistogram } from './hdr-settings.js';
import type { IntervalSnapshot } from './interval-snapshot.js';
import type { SeriesKey } from './series-key.js';

export type { SeriesAggregate } from './exact-merge.js';

/** One interval, merged over all workers. */
export interface ClosedInterval {
  readonly index: number;
  readonly inFlight: number;
  readonly series: ReadonlyMap<SeriesKey, SeriesAggregate>;
  /** Event-loop delay of each thread over the interval (µs), by thread name; absent in sim (no event loop is measured). */
  readonly eventLoopDelay?: ReadonlyMap<string, Histogram>;
}

interface OpenInterval {
  readonly reporters: Set<number>;
  inFlight: number;
  readonly series: Map<SeriesKey, SeriesAggregate>;
  readonly eventLoopDelay: Map<string, Histogram>;
}

export interface RunAggregateOptions {
  /** Keep run totals (true by default); without, only intervals are merged: the caller has its totals. */
  readonly keepTotals?: boolean;
  /**
   * Threads besides the reporters whose event-loop delay arrives on its own (`addFloor`): an
   * interval closes once each of them has reported it too, so its floor is whole. Reporters'
   * own delay comes with their snapshots.
   */
  readonly floorThreads?: readonly string[];
  /**
   * Closed intervals are lent to `onIntervalClosed`: once it returns, their histograms are emptied
   * and hold later intervals. A live run closes one interval a second on a thread that may share
   * a core with its workers (issue 9); with a fresh set of 94 KB counts arrays for each, the
   * collector took 0.129 ms per interval, 0.057 ms with these and the sampler's reuse
   * (bench/interval-close-cost.mjs). Off by default: a consumer that keeps a closed interval needs it off.
   */
  readonly lendIntervals?: boolean;
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
  readonly #floorThreads: Set<string>;
  readonly #floorReported = new Map<number, Set<string>>();
  readonly #floorTotals = new Map<string, Histogram>();
  readonly #lendIntervals: boolean;
  /** Emptied series and histograms of lent intervals, for the next ones. */
  readonly #spareSeries: SeriesAggregate[] = [];
  readonly #spareHistograms: Histogram[] = [];
  #nextToClose = 0;

  /** `reporters`: how many (0 … n − 1), or which ones (a sim shard's clusters). */
  constructor(reporters: number | readonly number[], onIntervalClosed: (interval: ClosedInterval) => void = () => {}, options: RunAggregateOptions = {}) {
    this.#active = new Set(typeof reporters === 'number' ? Array.from({ length: reporters }, (_, i) => i) : reporters);
    this.#onIntervalClosed = onIntervalClosed;
    this.#keepTotals = options.keepTotals ?? true;
    this.#floorThreads = new Set(options.floorThreads ?? []);
    this.#lendIntervals = options.lendIntervals ?? false;
  }

  #openInterval(index: number): OpenInterval {
    let interval = this.#open.get(index);
    if (!interval) {
      interval = { reporters: new Set(), inFlight: 0, series: new Map(), eventLoopDelay: new Map() };
      this.#open.set(index, interval);
    }
    return interval;
  }

  /** A reporter's interval; `eventLoopDelay` is its own thread's delay over it (live workers). */
  add(snapshot: IntervalSnapshot, eventLoopDelay?: Histogram): void {
    const interval = this.#openInterval(snapshot.index);
    if (eventLoopDelay !== undefined) this.#addDelay(interval, workerThreadName(snapshot.workerIndex), eventLoopDelay);
    interval.reporters.add(snapshot.workerIndex);
    interval.inFlight += snapshot.inFlight;
    for (const [key, data] of Object.entries(snapshot.series) as [
      SeriesKey,
      NonNullable<IntervalSnapshot['series'][SeriesKey]>,
    ][]) {
      const intervalSeries = seriesIn(interval.series, key, this.#spareSeries);
      addSnapshotInto(this.#keepTotals ? [intervalSeries, seriesIn(this.#totals, key)] : [intervalSeries], data);
    }
    this.#closeReady(false);
  }

  /** Event-loop delay of one of the `floorThreads` over interval `index`. */
  addFloor(index: number, thread: string, delayUs: Histogram): void {
    if (index < this.#nextToClose) return; // closed without it (closeAll); its totals would no longer match the intervals
    this.#addDelay(this.#openInterval(index), thread, delayUs);
    let reported = this.#floorReported.get(index);
    if (!reported) {
      reported = new Set();
      this.#floorReported.set(index, reported);
    }
    reported.add(thread);
    this.#closeReady(false);
  }

  /** A floor thread will report no more: stop waiting for it. */
  retireFloor(thread: string): void {
    this.#floorThreads.delete(thread);
    this.#closeReady(false);
  }

  #addDelay(interval: OpenInterval, thread: string, delayUs: Histogram): void {
    let into = interval.eventLoopDelay.get(thread);
    if (!into) {
      into = this.#spareHistograms.pop() ?? createHistogram();
      interval.eventLoopDelay.set(thread, into);
    }
    addHistogram(into, delayUs);
    let total = this.#floorTotals.get(thread);
    if (!total) {
      total = createHistogram();
      this.#floorTotals.set(thread, total);
    }
    addHistogram(total, delayUs);
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

  /** Event-loop delay of each thread over the whole run, by thread name (empty when none was reported). */
  get eventLoopDelayTotals(): ReadonlyMap<string, Histogram> {
    return this.#floorTotals;
  }

  /** A lent interval came back: its series and histograms, emptied, hold the next intervals. */
  #takeBack(interval: OpenInterval): void {
    for (const series of interval.series.values()) {
      resetAggregate(series);
      this.#spareSeries.push(series);
    }
    for (const histogram of interval.eventLoopDelay.values()) {
      resetHistogram(histogram);
      this.#spareHistograms.push(histogram);
    }
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
      const floorReported = this.#floorReported.get(this.#nextToClose);
      if (!force && [...this.#floorThreads].some((thread) => !floorReported?.has(thread))) return;
      this.#open.delete(this.#nextToClose);
      this.#floorReported.delete(this.#nextToClose);
      this.#onIntervalClosed({
        index: this.#nextToClose,
        inFlight: interval.inFlight,
        series: interval.series,
        ...(interval.eventLoopDelay.size === 0 ? {} : { eventLoopDelay: interval.eventLoopDelay }),
      });
      if (this.#lendIntervals) this.#takeBack(interval);
      this.#nextToClose += 1;
    }
  }
}

function seriesIn(map: Map<SeriesKey, SeriesAggregate>, key: SeriesKey, spares?: SeriesAggregate[]): SeriesAggregate {
  let series = map.get(key);
  if (!series) {
    series = spares?.pop() ?? emptySeriesAggregate();
    map.set(key, series);
  }
  return series;
}
