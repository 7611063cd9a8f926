import type { Histogram } from '../metrics/hdr-settings.js';
import { addToBucketTally, type BucketTally, emptyBucketTally } from '../metrics/histogram-buckets.js';
import type { ClosedInterval, SeriesAggregate } from '../metrics/run-aggregate.js';
import { type SeriesKey, splitSeriesKey } from '../metrics/series-key.js';
import type { WebhookTally } from '../metrics/webhook-tally.js';
import { msToSeconds } from '../units.js';
import { counterFamily, gaugeFamily, histogramFamily, type Labels, type MetricFamily } from './metric-families.js';
import { LATENCY_BOUNDS_US, LATENESS_BOUNDS_US, RUN_METRICS as M, WEBHOOK_DELAY_BOUNDS_US } from './run-metric-catalogue.js';
import { WebhookCounts } from './webhook-counts.js';

/** Who is exporting: labels every sample carries (run_id, shard) and the run's info metric. */
export interface RunIdentity {
  readonly runId: string;
  readonly scenario: string;
  readonly seed: number;
  readonly toolVersion: string;
  readonly engine: 'live' | 'sim';
  readonly shard: { readonly index: number; readonly count: number };
}

/** What else is read at each interval, when the run has it. */
export interface IntervalInputs {
  /** The run's webhook receiver tally: a live object whose counters only grow; read whole each time. */
  readonly webhooks?: WebhookTally;
  /** Event-loop delay of each thread over the interval (µs, house HDR settings), by thread name ("coordinator", "worker-0", "mock"). */
  readonly eventLoopDelayUs?: ReadonlyMap<string, Histogram>;
}

interface SeriesState {
  readonly labels: Labels;
  sent: number;
  ok: number;
  failed: number;
  bytesSent: number;
  bytesReceived: number;
  readonly errorsByCode: Map<string, number>;
  readonly latency: BucketTally;
  readonly service: BucketTally;
  readonly lateness: BucketTally;
}

/**
 * A run's metrics as Prometheus sees them, fed once per closed interval with the interval the
 * run aggregate closed (never per operation: histograms become bucket counts by walking each
 * interval's HDR sub-buckets). Counters add interval by interval, so once every interval is in
 * they equal the run's totals, which summary.json is made from.
 */
export class RunMetricsExporter {
  readonly #identity: RunIdentity;
  readonly #base: Labels;
  readonly #series = new Map<SeriesKey, SeriesState>();
  readonly #conversations = new Map<string, number>();
  readonly #eventLoop = new Map<string, BucketTally>();
  #webhooks: WebhookCounts | undefined;
  #inFlight = 0;
  #runEpochMs: number | undefined;
  #finished = false;

  constructor(identity: RunIdentity) {
    this.#identity = identity;
    this.#base = { run_id: identity.runId, shard: String(identity.shard.index) };
  }

  observeInterval(closed: ClosedInterval, inputs: IntervalInputs = {}): void {
    for (const [key, aggregate] of closed.series) this.#addSeries(key, aggregate);
    this.#inFlight = closed.inFlight;
    if (inputs.webhooks) this.readWebhooks(inputs.webhooks);
    for (const [thread, histogram] of inputs.eventLoopDelayUs ?? []) {
      let tally = this.#eventLoop.get(thread);
      if (!tally) {
        tally = emptyBucketTally(LATENESS_BOUNDS_US);
        this.#eventLoop.set(thread, tally);
      }
      addToBucketTally(tally, histogram, LATENESS_BOUNDS_US);
    }
  }

  /** The plan's t = 0 is now known (the workers start): `chatload_run_start_time_seconds`. */
  started(runEpochMs: number): void {
    this.#runEpochMs = runEpochMs;
  }

  /** Takes the tally's current counts (also after the last interval: late webhooks still arrive). */
  readWebhooks(tally: WebhookTally): void {
    this.#webhooks = new WebhookCounts(tally, WEBHOOK_DELAY_BOUNDS_US);
  }

  /** The run is over: `chatload_run_finished` turns 1. */
  finish(): void {
    this.#finished = true;
  }

  /**
   * Where the exported counters differ from the run's totals (empty when every interval was
   * fed, which the run aggregate guarantees: it adds each snapshot to its interval and the totals).
   */
  differencesFrom(totals: ReadonlyMap<SeriesKey, SeriesAggregate>): string[] {
    const out: string[] = [];
    for (const [key, total] of totals) {
      const state = this.#series.get(key);
      const exported = { sent: state?.sent ?? 0, count: (state?.ok ?? 0) + (state?.failed ?? 0), errors: state?.failed ?? 0 };
      for (const field of ['sent', 'count', 'errors'] as const) {
        if (exported[field] !== total.counters[field]) out.push(`${key} ${field}: exported ${exported[field]}, run total ${total.counters[field]}`);
      }
    }
    return out;
  }

  /** Every family, rendered afresh; families with no sample yet are left out. */
  families(): MetricFamily[] {
    const series = [...this.#series.values()];
    const base = this.#base;
    const { shard, ...info } = this.#identity;
    const started = this.#runEpochMs === undefined ? [] : [[base, msToSeconds(this.#runEpochMs)] as const];
    const families = [
      counterFamily(M.operations.name, M.operations.help, series.flatMap((s) => [[{ ...s.labels, outcome: 'ok' }, s.ok] as const, [{ ...s.labels, outcome: 'error' }, s.failed] as const])),
      counterFamily(M.sent.name, M.sent.help, series.map((s) => [s.labels, s.sent] as const)),
      counterFamily(M.errors.name, M.errors.help, series.flatMap((s) => [...s.errorsByCode].map(([code, n]) => [{ ...s.labels, code }, n] as const))),
      histogramFamily(M.latency.name, M.latency.help, LATENCY_BOUNDS_US, series.map((s) => [s.labels, s.latency] as const)),
      histogramFamily(M.service.name, M.service.help, LATENCY_BOUNDS_US, series.map((s) => [s.labels, s.service] as const)),
      histogramFamily(M.lateness.name, M.lateness.help, LATENESS_BOUNDS_US, series.map((s) => [s.labels, s.lateness] as const)),
      counterFamily(M.bytesSent.name, M.bytesSent.help, series.map((s) => [s.labels, s.bytesSent] as const)),
      counterFamily(M.bytesReceived.name, M.bytesReceived.help, series.map((s) => [s.labels, s.bytesReceived] as const)),
      counterFamily(M.conversations.name, M.conversations.help, [...this.#conversations].map(([shape, n]) => [{ ...base, shape }, n] as const)),
      gaugeFamily(M.inFlight.name, M.inFlight.help, [[base, this.#inFlight]]),
      histogramFamily(M.eventLoopDelay.name, M.eventLoopDelay.help, LATENESS_BOUNDS_US, [...this.#eventLoop].map(([thread, t]) => [{ ...base, thread }, t] as const)),
      ...(this.#webhooks?.families(base) ?? []),
      gaugeFamily(M.runInfo.name, M.runInfo.help, [[{ ...base, scenario: info.scenario, seed: String(info.seed), tool_version: info.toolVersion, engine: info.engine, shard_count: String(shard.count) }, 1]]),
      gaugeFamily(M.runStart.name, M.runStart.help, started),
      gaugeFamily(M.runFinished.name, M.runFinished.help, [[base, this.#finished ? 1 : 0]]),
    ];
    return families.filter((family) => family.samples.length > 0);
  }

  #addSeries(key: SeriesKey, aggregate: SeriesAggregate): void {
    let state = this.#series.get(key);
    if (!state) {
      const { shape, op } = splitSeriesKey(key);
      state = {
        labels: { ...this.#base, shape, op },
        sent: 0,
        ok: 0,
        failed: 0,
        bytesSent: 0,
        bytesReceived: 0,
        errorsByCode: new Map(),
        latency: emptyBucketTally(LATENCY_BOUNDS_US),
        service: emptyBucketTally(LATENCY_BOUNDS_US),
        lateness: emptyBucketTally(LATENESS_BOUNDS_US),
      };
      this.#series.set(key, state);
    }
    const { counters } = aggregate;
    state.sent += counters.sent;
    state.ok += counters.count - counters.errors;
    state.failed += counters.errors;
    state.bytesSent += counters.bytesSent;
    state.bytesReceived += counters.bytesReceived;
    for (const [code, n] of Object.entries(counters.errorsByCode)) state.errorsByCode.set(code, (state.errorsByCode.get(code) ?? 0) + n);
    addToBucketTally(state.latency, aggregate.latency, LATENCY_BOUNDS_US);
    addToBucketTally(state.service, aggregate.service, LATENCY_BOUNDS_US);
    addToBucketTally(state.lateness, aggregate.lateness, LATENESS_BOUNDS_US);
    const shape = state.labels.shape ?? '';
    this.#conversations.set(shape, (this.#conversations.get(shape) ?? 0) + counters.conversationsStarted);
  }
}
