import { emptySeriesAggregate, resetAggregate } from '../metrics/exact-merge.js';
import { countsOf } from '../metrics/hdr-settings.js';
import { mergeBorrowed } from '../metrics/interval-recorder.js';
import type { IntervalSnapshot, SeriesSnapshot } from '../metrics/interval-snapshot.js';
import type { ClosedInterval, SeriesAggregate } from '../metrics/run-aggregate.js';
import type { SeriesKey } from '../metrics/series-key.js';
import { encodeWebhookTally, type EncodedWebhookTally } from '../metrics/webhook-tally.js';
import type { PlatformStats } from '../platform/platform-stats.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { CELL_COUNT } from '../traffic/population.js';
import { ClusterSim } from './cluster-sim.js';

/** What one cluster leaves at the end: its platform's figures and what its business received. */
export interface ClusterOutcome {
  readonly cluster: number;
  readonly platformStats: PlatformStats;
  readonly webhooks: EncodedWebhookTally;
  readonly lastEventUs: number;
}

/** A group's end: its clusters' outcomes, and its run totals per series (encoded to cross a thread). */
export interface GroupOutcome {
  readonly clusters: readonly ClusterOutcome[];
  readonly totals: Partial<Record<SeriesKey, SeriesSnapshot>>;
}

/** The population cells of cluster `c` of `P`: cell mod P = c (decision 0004). */
export function cellsOfCluster(cluster: number, clusters: number): number[] {
  const cells: number[] = [];
  for (let cell = cluster; cell < CELL_COUNT; cell += clusters) cells.push(cell);
  return cells;
}

/**
 * Several clusters advanced in lockstep, one interval at a time, so at most one interval of
 * measures is held whatever the number of clusters. Merges are in cluster order.
 */
export class ClusterGroup {
  readonly #clusters: ClusterSim[];
  readonly #intervalUs: number;
  readonly #merged = new Map<SeriesKey, SeriesAggregate>();

  constructor(scenario: ResolvedScenario, clusterIndices: readonly number[], clusterCount: number) {
    this.#intervalUs = scenario.load.intervalUs;
    this.#clusters = clusterIndices.map(
      (cluster) =>
        new ClusterSim({
          scenario,
          cluster,
          clusters: clusterCount,
          cells: cellsOfCluster(cluster, clusterCount),
        }),
    );
  }

  get done(): boolean {
    return this.#clusters.every((sim) => sim.done);
  }

  /** Plays interval `index` in every cluster and lends the interval, merged over them, to `consume`. */
  step(index: number, consume: (interval: ClosedInterval) => void): void {
    const untilUs = (index + 1) * this.#intervalUs;
    for (const sim of this.#clusters) sim.advanceTo(untilUs);
    const [only] = this.#clusters;
    if (this.#clusters.length === 1 && only !== undefined) {
      only.borrowInterval(index, consume);
      return;
    }
    let inFlight = 0;
    // Only the series active in this interval; their merge targets are kept for the next one
    // (reset, not reallocated: each holds four 23 k-bucket histograms).
    const active = new Map<SeriesKey, SeriesAggregate>();
    for (const sim of this.#clusters) {
      sim.borrowInterval(index, (interval) => {
        inFlight += interval.inFlight;
        for (const key of interval.series.keys()) {
          let target = this.#merged.get(key);
          if (target === undefined) {
            target = emptySeriesAggregate();
            this.#merged.set(key, target);
          }
          active.set(key, target);
        }
        mergeBorrowed(active, interval.series);
      });
    }
    consume({ index, inFlight, series: active });
    for (const series of active.values()) resetAggregate(series);
  }

  /** Plays interval `index` and encodes it, to cross a thread. */
  stepEncoded(index: number, reporter: number): IntervalSnapshot {
    let snapshot: IntervalSnapshot = { index, workerIndex: reporter, inFlight: 0, series: {} };
    this.step(index, (interval) => {
      snapshot = {
        index,
        workerIndex: reporter,
        inFlight: interval.inFlight,
        series: encodeSeries(interval.series),
      };
    });
    return snapshot;
  }

  /** Run totals per series, merged over the group's clusters in cluster order. */
  totals(): Map<SeriesKey, SeriesAggregate> {
    const merged = new Map<SeriesKey, SeriesAggregate>();
    for (const sim of this.#clusters) mergeBorrowed(merged, sim.totals());
    return merged;
  }

  outcome(): GroupOutcome {
    return { clusters: this.clusterOutcomes(), totals: encodeSeries(this.totals()) };
  }

  clusterOutcomes(): ClusterOutcome[] {
    return this.#clusters.map((sim) => ({
      cluster: sim.cluster,
      platformStats: sim.platformStats(),
      webhooks: encodeWebhookTally(sim.webhookTally()),
      lastEventUs: sim.lastEventUs,
    }));
  }
}

function encodeSeries(
  series: ReadonlyMap<SeriesKey, SeriesAggregate>,
): Partial<Record<SeriesKey, SeriesSnapshot>> {
  const out: Partial<Record<SeriesKey, SeriesSnapshot>> = {};
  for (const [key, s] of series) {
    out[key] = {
      ...s.counters,
      errorsByCode: { ...s.counters.errorsByCode },
      latency: countsOf(s.latency),
      service: countsOf(s.service),
      lateness: countsOf(s.lateness),
      // A sojourn that is the latency itself travels as absent (the coordinator restores it in the totals).
      ...(s.platform.totalCount > 0 && s.platform !== s.latency ? { platform: countsOf(s.platform) } : {}),
    };
  }
  return out;
}
