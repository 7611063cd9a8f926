import type { Histogram } from './hdr-settings.js';
import type { PlatformStats } from '../platform/platform-stats.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import type { Provenance } from './provenance.js';
import type { SeriesAggregate } from './run-aggregate.js';
import type { SeriesKey } from './series-key.js';
import type { WebhookTally } from './webhook-tally.js';

/** One interval of one series, reduced to the numbers timeseries.csv and the plots need. */
export interface IntervalRow {
  readonly index: number;
  readonly startSeconds: number;
  readonly endSeconds: number;
  readonly key: SeriesKey;
  readonly sent: number;
  readonly count: number;
  readonly errors: number;
  readonly latencyP50Us: number;
  readonly latencyP99Us: number;
  readonly serviceP99Us: number;
  /** In flight at the interval's end, over all series of all workers. */
  readonly inFlight: number;
}

export type EngineKind = 'live' | 'sim';

/**
 * Everything a finished (or interrupted) run measured, in memory, whichever engine made it.
 * report/ turns it into a result directory; after that the directory is the only contract.
 */
export interface RunResult {
  readonly runId: string;
  readonly engine: EngineKind;
  readonly scenario: ResolvedScenario;
  /** The plan's t = 0 as an absolute epoch, ms (decision 0002). */
  readonly epochMs: number;
  /** Live: load workers; 0 in sim (its threads, which never change a result, are in provenance). */
  readonly workers: number;
  /** Where the load went (live), or null (sim). */
  readonly target: { readonly url: string; readonly embeddedMock: boolean } | null;
  /** Hash of the plan-affecting fields of the scenario. */
  readonly planFingerprint: string;
  readonly shard: { readonly index: number; readonly count: number } | null;
  /** Time from the plan's t = 0 to the last operation's completion (or the interrupt): wall time live, virtual in sim. */
  readonly elapsedUs: number;
  /** Time the load phase was planned to take (the scenario duration). */
  readonly plannedDurationUs: number;
  readonly interrupted: boolean;
  readonly intervalUs: number;
  readonly series: ReadonlyMap<SeriesKey, SeriesAggregate>;
  readonly intervals: readonly IntervalRow[];
  /** The platform's own counters at the end; undefined when a target did not offer them. */
  readonly platformStats: PlatformStats | undefined;
  /** Webhooks the business received (live receiver, or the sim's fan-out); absent when not measured. */
  readonly webhooks?: WebhookTally;
  /** Live: each thread's event-loop delay over the run (the measurement floor), by thread name; absent in sim. */
  readonly eventLoopDelay?: ReadonlyMap<string, Histogram>;
  /** Rebuilt from the interval files of a run that did not finish (kill -9, crash). */
  readonly partial?: boolean;
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
  readonly provenance: Provenance;
}
