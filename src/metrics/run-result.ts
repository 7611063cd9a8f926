import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import type { SeriesAggregate } from './run-aggregate.js';
import type { SeriesKey } from './series-key.js';
import type { WebhookTally } from './webhook-tally.js';

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemoryBytes: number;
  readonly platform: string;
  readonly arch: string;
  readonly node: string;
}

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

/**
 * Everything a finished (or interrupted) run measured, in memory. report/ turns it into a
 * result directory; after that the directory is the only contract.
 */
export interface RunResult {
  readonly runId: string;
  readonly toolVersion: string;
  readonly scenario: ResolvedScenario;
  readonly machine: MachineInfo;
  readonly workers: number;
  /** Base URL the load went to. */
  readonly targetUrl: string;
  readonly embeddedMock: boolean;
  readonly startedAtEpochMs: number;
  /** Wall time from the run's start to the last operation's completion (or the interrupt). */
  readonly elapsedUs: number;
  /** Time the load phase was planned to take (the scenario duration). */
  readonly plannedDurationUs: number;
  readonly interrupted: boolean;
  readonly intervalUs: number;
  readonly series: ReadonlyMap<SeriesKey, SeriesAggregate>;
  readonly intervals: readonly IntervalRow[];
  /** The mock's own counters at the end (from GET /_sim/stats), when it answered. */
  readonly platformStats: Readonly<Record<string, unknown>> | undefined;
  /** What the run's webhook receiver counted; absent when none ran (external target, webhooks off). */
  readonly webhooks?: WebhookTally;
  readonly warnings: readonly string[];
}
