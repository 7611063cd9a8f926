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

/** What a shard's start barrier (`--start-at`) did (decision 0029). */
export interface StartRecord {
  /** The shared start instant, ISO-8601 UTC: the plan's t = 0. */
  readonly barrier: string;
  readonly lateJoin: boolean;
  /** How late the shard was ready to start, µs (0 on time). */
  readonly lateByUs: number;
  /** Plan time it played from, µs after t = 0: 0 unless it joined late. */
  readonly joinedAtUs: number;
  /** Planned operations of its share it did not send because it joined late. */
  readonly skippedOperations: number;
}

/** One shard a merged result was made from. */
export interface MergedShard {
  readonly index: number;
  readonly runId: string;
  /** The result directory, as given to `chatload merge`. */
  readonly dir: string;
  readonly epochMs: number;
  /** Its t = 0 after the merged one, in whole intervals (0 for shards started together). */
  readonly offsetIntervals: number;
  readonly elapsedSeconds: number;
  readonly interrupted: boolean;
  readonly start?: StartRecord;
}

/** How a merged result was made (`chatload merge`, decision 0028). */
export interface MergeRecord {
  readonly shardCount: number;
  readonly shards: readonly MergedShard[];
  /** Shard indexes that were not given (`--allow-missing`): the result is partial. */
  readonly missing: readonly number[];
  /** `sum` over independent platforms (sim), the one shard index read once from a shared target (live), or null. */
  readonly platformStatsFrom: 'sum' | number | null;
}

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
  /** Covers only part of the run: rebuilt from the interval files of a run that did not finish (kill -9, crash), or merged with shards missing, interrupted or joined late. */
  readonly partial?: boolean;
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
  readonly provenance: Provenance;
  /** A shard's start barrier, when it had one. */
  readonly start?: StartRecord;
  /** A merged result: its shards. */
  readonly merge?: MergeRecord;
}
