import type { MessagePort } from 'node:worker_threads';
import type { HistogramCounts } from '../metrics/hdr-settings.js';
import type { IntervalSnapshot } from '../metrics/interval-snapshot.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';

/**
 * The one message file for the worker-thread boundary. Every message is a member of a
 * discriminated union narrowed by `switch (message.kind)`; nothing else crosses the boundary.
 */

/** What the target needs to be addressed as the Cloud API (from the mock's settings). */
export interface TargetIdentity {
  readonly baseUrl: string;
  readonly graphVersion: string;
  readonly phoneNumberId: string;
  readonly accessToken: string;
  /** The admin token a mock off loopback needs on /_sim/ (decision 0013); absent on loopback. */
  readonly adminToken?: string;
}

/** The piscina task: one shard of the population, run until done or stopped. */
export interface ShardTask {
  readonly kind: 'shard';
  readonly workerIndex: number;
  /** The population cells this worker plays (its share of the run's, or of a shard's, cells). */
  readonly cells: readonly number[];
  readonly scenario: ResolvedScenario;
  readonly target: TargetIdentity;
  /** Times to run the send path before the start instant (warm-up-size.ts). */
  readonly warmRequests: number;
  /** Port for the streaming messages below (transferred with the task). */
  readonly port: MessagePort;
}

/** Coordinator → worker. */
export type CoordinatorMessage =
  /**
   * Start the plan: op n is due at `startAtUs + op.atUs` on the shared monotonic clock; ops due
   * before `joinAtUs` (plan time, 0 unless the shard joins late) are skipped.
   */
  | { readonly kind: 'start'; readonly startAtUs: number; readonly joinAtUs: number }
  /** Stop sending now (Ctrl-C); wait at most `drainMs` for operations in flight. */
  | { readonly kind: 'stop'; readonly drainMs: number };

/** Worker → coordinator. */
export type WorkerMessage =
  | { readonly kind: 'ready'; readonly workerIndex: number }
  /** `eventLoopDelay`: the worker thread's own event-loop delay over the interval (HDR buckets, µs). */
  | {
      readonly kind: 'interval';
      readonly snapshot: IntervalSnapshot;
      readonly eventLoopDelay: HistogramCounts;
    }
  | { readonly kind: 'warning'; readonly workerIndex: number; readonly message: string };

/** The task's result, returned when the shard is finished. */
export interface ShardDone {
  readonly kind: 'done';
  readonly workerIndex: number;
  readonly planned: number;
  readonly sent: number;
  readonly completed: number;
  /** Operations still in flight when the drain time ran out (only after a stop). */
  readonly abandoned: number;
  /** Operations already due when the run was stopped that were never sent (later ones are not counted; OpScheduler.stop). */
  readonly notSent: number;
  /** Planned operations skipped because the shard joined late (`--late-join`). */
  readonly skipped: number;
  /** Operations dispatched with every connection busy, and the longest of their waits for one (µs). */
  readonly connectionWaits: { readonly operations: number; readonly maxUs: number };
  readonly stopped: boolean;
}
