import type { IntervalSnapshot } from '../metrics/interval-snapshot.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import type { GroupOutcome } from './cluster-group.js';

/** The one message file for the sim's thread boundary: a thread plays a group of clusters. */
export interface ClusterThreadData {
  readonly scenario: ResolvedScenario;
  readonly clusters: readonly number[];
  readonly clusterCount: number;
  /** The group's number: its snapshots' reporter id. */
  readonly group: number;
}

/** Coordinator → thread. */
export type ToClusterThread = { readonly kind: 'step'; readonly index: number } | { readonly kind: 'finish' };

/** Thread → coordinator. */
export type FromClusterThread =
  | { readonly kind: 'interval'; readonly snapshot: IntervalSnapshot; readonly done: boolean }
  | { readonly kind: 'finished'; readonly outcome: GroupOutcome }
  | { readonly kind: 'failed'; readonly message: string };
