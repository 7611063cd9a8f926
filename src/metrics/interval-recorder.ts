import { MEASURES, emptyCounters } from './exact-merge.js';
import { clampToTrackableUs, createHistogram, encodeHistogram, type Histogram } from './hdr-settings.js';
import type { IntervalSnapshot, SeriesCounters, SeriesSnapshot } from './interval-snapshot.js';
import type { SeriesKey } from './series-key.js';

interface SeriesState {
  readonly latency: Histogram;
  readonly service: Histogram;
  readonly lateness: Histogram;
  readonly platform: Histogram;
  counters: SeriesCounters;
  touched: boolean;
}

/** `recordCompleted`'s value for a measure that was not taken (no lateness in sim, no sojourn header). */
export const NOT_MEASURED = -1;

/**
 * A recorder of one worker, or of one sim cluster: it owns its histograms (nothing shared,
 * nothing locked), records into the current interval, and hands out encoded interval
 * snapshots, resetting in place (the Recorder idea of HdrHistogramJS, without a second set of
 * buffers: snapshots are taken on the same thread that records).
 */
export class IntervalRecorder {
  readonly #series = new Map<SeriesKey, SeriesState>();
  readonly #workerIndex: number;

  constructor(workerIndex: number) {
    this.#workerIndex = workerIndex;
  }

  #state(key: SeriesKey): SeriesState {
    let state = this.#series.get(key);
    if (!state) {
      state = {
        latency: createHistogram(),
        service: createHistogram(),
        lateness: createHistogram(),
        platform: createHistogram(),
        counters: emptyCounters(),
        touched: false,
      };
      this.#series.set(key, state);
    }
    return state;
  }

  /** An operation was handed to the sender; `startsConversation` when it is a conversation's first. */
  recordSent(key: SeriesKey, bytesSent: number, startsConversation = false): void {
    const state = this.#state(key);
    state.counters.sent += 1;
    if (startsConversation) state.counters.conversationsStarted += 1;
    state.counters.bytesSent += bytesSent;
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
    if (latenessUs !== NOT_MEASURED) state.lateness.recordValue(clampToTrackableUs(latenessUs));
    if (platformUs !== NOT_MEASURED) state.platform.recordValue(clampToTrackableUs(platformUs));
    state.latency.recordValue(clampToTrackableUs(latencyUs));
    state.service.recordValue(clampToTrackableUs(serviceUs));
    state.counters.count += 1;
    state.counters.bytesReceived += bytesReceived;
    if (errorCode !== undefined) {
      state.counters.errors += 1;
      state.counters.errorsByCode[errorCode] = (state.counters.errorsByCode[errorCode] ?? 0) + 1;
    }
    state.touched = true;
  }

  /** Encodes the interval's data and starts a new interval. Series with no activity are left out; so are empty measures. */
  takeSnapshot(index: number, inFlight: number): IntervalSnapshot {
    const series: Partial<Record<SeriesKey, SeriesSnapshot>> = {};
    for (const [key, state] of this.#series) {
      if (!state.touched) continue;
      const snapshot: SeriesSnapshot = {
        ...state.counters,
        latency: encodeHistogram(state.latency),
        service: encodeHistogram(state.service),
        lateness: encodeHistogram(state.lateness),
      };
      if (state.platform.totalCount > 0) snapshot.platform = encodeHistogram(state.platform);
      series[key] = snapshot;
      for (const measure of MEASURES) state[measure].reset();
      state.counters = emptyCounters();
      state.touched = false;
    }
    return { index, workerIndex: this.#workerIndex, inFlight, series };
  }
}
