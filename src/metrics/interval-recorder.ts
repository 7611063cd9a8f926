import { addCounters, emptySeriesAggregate, MEASURES, resetAggregate, type SeriesAggregate } from './exact-merge.js';
import { addHistogram, countsOf, recordUs } from './hdr-settings.js';
import type { IntervalSnapshot, SeriesCounters, SeriesSnapshot } from './interval-snapshot.js';
import type { ClosedInterval } from './run-aggregate.js';
import type { SeriesKey } from './series-key.js';

interface SeriesState {
  readonly current: SeriesAggregate;
  /** Run totals, added from each interval as it closes (with `keepTotals`). */
  readonly total: SeriesAggregate | undefined;
  touched: boolean;
}

export interface RecorderOptions {
  /** Keep run totals too (the sim, whose intervals are not merged elsewhere). */
  readonly keepTotals?: boolean;
  /**
   * The platform sojourn is the latency itself (the sim without faults: no HTTP, no hold), so
   * it is not recorded twice; intervals and totals show the latency histogram as `platform`.
   */
  readonly platformIsLatency?: boolean;
}

/** `recordCompleted`'s value for a measure that was not taken (no lateness in sim, no sojourn header). */
export const NOT_MEASURED = -1;

/**
 * A recorder of one worker, or of one sim cluster: it owns its histograms (nothing shared,
 * nothing locked), records into the current interval, and hands out interval snapshots,
 * resetting in place (the Recorder idea of HdrHistogramJS, without a second set of buffers:
 * snapshots are taken on the same thread that records). Encoded snapshots cross thread
 * boundaries; a same-thread consumer borrows the histograms themselves (no encode, no merge).
 * With `keepTotals`, each value is also recorded into run totals.
 */
export class IntervalRecorder {
  readonly #series = new Map<SeriesKey, SeriesState>();
  readonly #workerIndex: number;
  readonly #keepTotals: boolean;
  readonly #platformIsLatency: boolean;

  constructor(workerIndex: number, options: RecorderOptions = {}) {
    this.#workerIndex = workerIndex;
    this.#keepTotals = options.keepTotals ?? false;
    this.#platformIsLatency = options.platformIsLatency ?? false;
  }

  #state(key: SeriesKey): SeriesState {
    let state = this.#series.get(key);
    if (!state) {
      state = { current: emptySeriesAggregate(), total: this.#keepTotals ? emptySeriesAggregate() : undefined, touched: false };
      this.#series.set(key, state);
    }
    return state;
  }

  /** An operation was handed to the sender; `startsConversation` when it is a conversation's first. */
  recordSent(key: SeriesKey, bytesSent: number, startsConversation = false): void {
    const state = this.#state(key);
    countSent(state.current.counters, bytesSent, startsConversation);
    state.touched = true;
  }

  /**
   * An operation completed; `errorCode` is undefined on success. Lateness (actual send −
   * intended time) is only known once the request reached a connection, so it comes here too.
   * `latenessUs` and `platformUs` may be NOT_MEASURED.
   */
  recordCompleted(
    key: SeriesKey,
    latenessUs: number,
    latencyUs: number,
    serviceUs: number,
    platformUs: number,
    bytesReceived: number,
    errorCode: string | undefined,
  ): void {
    const state = this.#state(key);
    record(state.current, latenessUs, latencyUs, serviceUs, this.#platformIsLatency ? NOT_MEASURED : platformUs, bytesReceived, errorCode);
    state.touched = true;
  }

  /** The interval's data as plain data (to cross a thread) and starts a new interval. Untouched series and empty measures are left out. */
  takeSnapshot(index: number, inFlight: number): IntervalSnapshot {
    const series: Partial<Record<SeriesKey, SeriesSnapshot>> = {};
    for (const [key, state] of this.#series) {
      if (!state.touched) continue;
      const { current } = state;
      const snapshot: SeriesSnapshot = {
        ...current.counters,
        latency: countsOf(current.latency),
        service: countsOf(current.service),
        lateness: countsOf(current.lateness),
      };
      // A sojourn that is the latency travels as absent; the receiver's totals restore it.
      if (!this.#platformIsLatency && current.platform.totalCount > 0) snapshot.platform = countsOf(current.platform);
      series[key] = snapshot;
      this.#close(state);
    }
    return { index, workerIndex: this.#workerIndex, inFlight, series };
  }

  /** The interval as it is, for a consumer on this thread that uses it at once; then a new interval starts. */
  borrowInterval(index: number, inFlight: number, consume: (interval: ClosedInterval) => void): void {
    const series = new Map<SeriesKey, SeriesAggregate>();
    for (const [key, state] of this.#series) if (state.touched) series.set(key, this.#view(state.current));
    consume({ index, inFlight, series });
    for (const state of this.#series.values()) if (state.touched) this.#close(state);
  }

  /** Run totals (with `keepTotals`): every value recorded up to the last interval closed (the sojourn left empty when it is the latency). */
  totals(): Map<SeriesKey, SeriesAggregate> {
    const out = new Map<SeriesKey, SeriesAggregate>();
    for (const [key, state] of this.#series) if (state.total) out.set(key, state.total);
    return out;
  }

  /** The series as consumers see it: with `platformIsLatency`, the latency histogram stands for the sojourn. */
  #view(series: SeriesAggregate): SeriesAggregate {
    return this.#platformIsLatency ? { ...series, platform: series.latency } : series;
  }

  /** Adds the interval into the totals (one fast add per measure, not one record per value), then resets it. */
  #close(state: SeriesState): void {
    if (state.total) {
      for (const measure of MEASURES) addHistogram(state.total[measure], state.current[measure]);
      addCounters(state.total.counters, state.current.counters);
    }
    resetState(state);
  }
}

function countSent(counters: SeriesCounters, bytesSent: number, startsConversation: boolean): void {
  counters.sent += 1;
  if (startsConversation) counters.conversationsStarted += 1;
  counters.bytesSent += bytesSent;
}

function record(into: SeriesAggregate, latenessUs: number, latencyUs: number, serviceUs: number, platformUs: number, bytesReceived: number, errorCode: string | undefined): void {
  if (latenessUs !== NOT_MEASURED) recordUs(into.lateness, latenessUs);
  if (platformUs !== NOT_MEASURED) recordUs(into.platform, platformUs);
  recordUs(into.latency, latencyUs);
  recordUs(into.service, serviceUs);
  const counters = into.counters;
  counters.count += 1;
  counters.bytesReceived += bytesReceived;
  if (errorCode !== undefined) {
    counters.errors += 1;
    counters.errorsByCode[errorCode] = (counters.errorsByCode[errorCode] ?? 0) + 1;
  }
}

function resetState(state: SeriesState): void {
  resetAggregate(state.current);
  state.touched = false;
}

/** Adds borrowed intervals of several recorders (in the order given) into one. */
export function mergeBorrowed(into: Map<SeriesKey, SeriesAggregate>, from: ReadonlyMap<SeriesKey, SeriesAggregate>): void {
  for (const [key, series] of from) {
    let target = into.get(key);
    if (target === undefined) {
      target = emptySeriesAggregate();
      into.set(key, target);
    }
    for (const measure of MEASURES) {
      // A sojourn that is the latency itself (sim without faults) is not merged as a separate measure.
      if (measure === 'platform' && series.platform === series.latency) continue;
      addHistogram(target[measure], series[measure]);
    }
    addCounters(target.counters, series.counters);
  }
}
