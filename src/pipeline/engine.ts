import type { Histogram } from '../metrics/hdr-settings.js';
import type { ClosedInterval, SeriesAggregate } from '../metrics/run-aggregate.js';
import type { EngineKind, StartRecord } from '../metrics/run-result.js';
import type { SeriesKey } from '../metrics/series-key.js';
import type { WebhookTally } from '../metrics/webhook-tally.js';
import type { PlatformStats } from '../platform/platform-stats.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';

/**
 * What an engine does for the run pipeline (decision 0001): play a scenario's plan, hand over
 * every interval merged over its workers or clusters in index order, and say what it measured.
 * `live` plays it in real time over HTTP, `sim` in virtual time against the platform model.
 */
export interface EngineHooks {
  readonly interrupt: AbortSignal;
  /** Once, before the first interval: the plan's t = 0 as an absolute epoch (ms). */
  readonly onStart: (epochMs: number) => void;
  /** Each interval, merged, in index order; lent for the call (live reuses its histograms after). */
  readonly onIntervalClosed: (interval: ClosedInterval) => void;
  /** Progress and notices for the person running it (stderr). */
  readonly log: (line: string) => void;
  /** Live: the target answered; where it is, and the run's webhook tally to read as it grows. */
  readonly onTargetReady?: (target: RunTarget) => void;
}

export interface RunTarget {
  readonly baseUrl: string;
  readonly embeddedMock: boolean;
  readonly webhooks: WebhookTally | undefined;
  /** The admin token for the target's /_sim/ routes, when the run was given one. */
  readonly adminToken?: string;
}

/** What outside listeners (progress, live metrics, the NDJSON tee) are told, in this order. */
export interface RunListener {
  onTargetReady(target: RunTarget): void;
  /** The plan's t = 0 as an absolute epoch (ms). */
  onStart(epochMs: number): void;
  /** Lent for the call, as to `onIntervalClosed`: keep figures, not the interval. */
  onInterval(closed: ClosedInterval): void;
}

export interface EngineOutcome {
  readonly series: ReadonlyMap<SeriesKey, SeriesAggregate>;
  /** From the plan's t = 0 to the last completion (or the interrupt). */
  readonly elapsedUs: number;
  readonly interrupted: boolean;
  readonly epochMs: number;
  /** Live: workers; sim: threads. */
  readonly workers: number;
  readonly target: { readonly url: string; readonly embeddedMock: boolean } | null;
  readonly platformStats: PlatformStats | undefined;
  readonly webhooks: WebhookTally | undefined;
  /** Live: each thread's event-loop delay over the run (the measurement floor), by thread name; sim has none. */
  readonly eventLoopDelay?: ReadonlyMap<string, Histogram>;
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
  /** Live with `--start-at`: what the start barrier did. */
  readonly start?: StartRecord;
}

export interface Engine {
  readonly kind: EngineKind;
  run(scenario: ResolvedScenario, hooks: EngineHooks): Promise<EngineOutcome>;
}
