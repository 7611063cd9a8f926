import { Worker } from 'node:worker_threads';
import { compiledPath } from '../compiled-path.js';
import { ChatloadError } from '../errors.js';
import {
  addSnapshotInto,
  emptySeriesAggregate,
  mergePlatformStats,
  mergeWebhookTallies,
} from '../metrics/exact-merge.js';
import type { SeriesSnapshot } from '../metrics/interval-snapshot.js';
import { type ClosedInterval, RunAggregate, type SeriesAggregate } from '../metrics/run-aggregate.js';
import type { SeriesKey } from '../metrics/series-key.js';
import { decodeWebhookTally, type WebhookTally } from '../metrics/webhook-tally.js';
import type { PlatformStats } from '../platform/platform-stats.js';
import { faultsConfigured } from '../platform/fault-injector.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { type ClusterOutcome, ClusterGroup, type GroupOutcome } from './cluster-group.js';
import { THREAD_HEAP_ENV, threadHeapEstimate } from './thread-heap.js';
import type { ClusterThreadData, FromClusterThread, ToClusterThread } from './protocol.js';

/**
 * Plays a scenario's platform clusters interval by interval in lockstep: on the main thread
 * when one thread is asked for (intervals lent to the pipeline as they are, no encoding), on
 * worker threads otherwise (cluster c on thread c mod T, intervals encoded across). Every merge
 * is exact and commutative, and the writers order what is unordered (error codes), so the files
 * are the same bytes for any thread count (decision 0004).
 */
export interface SimRunOptions {
  readonly scenario: ResolvedScenario;
  /** The clusters this run plays (all of them, or a shard's). */
  readonly clusters: readonly number[];
  readonly clusterCount: number;
  readonly threads: number;
  readonly interrupt: AbortSignal;
  readonly onIntervalClosed: (interval: ClosedInterval) => void;
  /** Heap limit of each sim thread in MiB, 0 for V8's own; absent: sized from the scenario. */
  readonly threadHeapMiB?: number;
}

export interface SimRunOutcome {
  readonly series: ReadonlyMap<SeriesKey, SeriesAggregate>;
  readonly lastEventUs: number;
  readonly interrupted: boolean;
  readonly platformStats: PlatformStats | undefined;
  readonly webhooks: WebhookTally;
  readonly threads: number;
}

export async function runClusters(options: SimRunOptions): Promise<SimRunOutcome> {
  const threads = Math.max(1, Math.min(options.threads, options.clusters.length));
  const assignment = Array.from({ length: threads }, (_, t) =>
    options.clusters.filter((_, i) => i % threads === t),
  );
  return threads === 1 ? runInline(options) : runThreads(options, assignment);
}

/** Yields to the event loop between intervals, so Ctrl-C and progress output get their turn. */
const yieldTurn = () => new Promise((resolve) => setImmediate(resolve));

async function runInline(options: SimRunOptions): Promise<SimRunOutcome> {
  const group = new ClusterGroup(options.scenario, options.clusters, options.clusterCount);
  let interrupted = false;
  for (let index = 0; ; index++) {
    await yieldTurn();
    if (options.interrupt.aborted) {
      interrupted = true;
      break;
    }
    group.step(index, options.onIntervalClosed);
    if (group.done) break;
  }
  return outcomeOf(options, group.totals(), group.clusterOutcomes(), interrupted, 1);
}

async function runThreads(
  options: SimRunOptions,
  assignment: readonly (readonly number[])[],
): Promise<SimRunOutcome> {
  const groups = await Promise.all(
    assignment.map((clusters, group) => startThread(options, clusters, group)),
  );
  // Totals come from the groups' own totals at the end; the aggregate only closes intervals.
  const aggregate = new RunAggregate(
    assignment.map((_, group) => group),
    options.onIntervalClosed,
    { keepTotals: false },
  );
  let interrupted = false;
  try {
    // One interval ahead: the threads play interval k + 1 while this thread merges and writes k.
    let pending = groups.map((thread) => thread.step(0));
    for (let index = 0; ; index++) {
      const steps = await Promise.all(pending);
      const finished = steps.every((step) => step.done);
      const stop = options.interrupt.aborted;
      if (!finished && !stop) pending = groups.map((thread) => thread.step(index + 1));
      for (const step of steps) aggregate.add(step.snapshot);
      if (stop) interrupted = true;
      if (finished || stop) break;
    }
    aggregate.closeAll();
    const outcomes: GroupOutcome[] = [];
    for (const thread of groups) outcomes.push(await thread.finish());
    const totals = new Map<SeriesKey, SeriesAggregate>();
    for (const outcome of outcomes) {
      for (const [key, data] of Object.entries(outcome.totals) as [SeriesKey, SeriesSnapshot][]) {
        let into = totals.get(key);
        if (into === undefined) {
          into = emptySeriesAggregate();
          totals.set(key, into);
        }
        addSnapshotInto([into], data);
      }
    }
    return outcomeOf(
      options,
      totals,
      outcomes.flatMap((o) => o.clusters),
      interrupted,
      groups.length,
    );
  } finally {
    await Promise.all(groups.map((thread) => thread.close()));
  }
}

function outcomeOf(
  options: SimRunOptions,
  series: ReadonlyMap<SeriesKey, SeriesAggregate>,
  clusters: readonly ClusterOutcome[],
  interrupted: boolean,
  threads: number,
): SimRunOutcome {
  const ordered = [...clusters].sort((a, b) => a.cluster - b.cluster);
  // Without faults the sojourn is the latency (recorded once): the totals show it as such.
  const sojournIsLatency = !faultsConfigured(options.scenario.mock.faults);
  return {
    series: sojournIsLatency ? new Map([...series].map(([key, s]) => [key, { ...s, platform: s.latency }])) : series,
    lastEventUs: Math.max(0, ...ordered.map((o) => o.lastEventUs)),
    interrupted,
    platformStats: mergePlatformStats(ordered.map((o) => o.platformStats)),
    webhooks: mergeWebhookTallies(ordered.map((o) => decodeWebhookTally(o.webhooks))),
    threads,
  };
}

/** The thread's heap limit: the scenario's estimate, or CHATLOAD_SIM_THREAD_HEAP_MIB (0: V8's own). */
function threadHeapLimitMiB(options: SimRunOptions, clustersOnThread: number): number | undefined {
  const override = options.threadHeapMiB;
  if (override !== undefined) return override === 0 ? undefined : override;
  return threadHeapEstimate(options.scenario, clustersOnThread, options.clusterCount).limitMiB;
}

function threadFailure(error: Error & { code?: string }, heapLimitMiB: number | undefined, overridden: boolean): ChatloadError {
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    const limit = heapLimitMiB === undefined ? "V8's own heap limit" : `its heap limit of ${heapLimitMiB} MiB (${overridden ? `set by ${THREAD_HEAP_ENV}` : 'estimated from the scenario'})`;
    return new ChatloadError(
      'CHATLOAD_E_WORKER_FAILED',
      `a sim thread ran out of memory at ${limit}: set ${THREAD_HEAP_ENV}=<MiB> higher, or 0 for V8's own limit`,
    );
  }
  return new ChatloadError('CHATLOAD_E_WORKER_FAILED', `a sim thread failed: ${error.message}`);
}

interface ThreadHandle {
  step(index: number): Promise<Extract<FromClusterThread, { kind: 'interval' }>>;
  finish(): Promise<GroupOutcome>;
  close(): Promise<void>;
}

async function startThread(
  options: SimRunOptions,
  clusters: readonly number[],
  group: number,
): Promise<ThreadHandle> {
  const data: ClusterThreadData = {
    scenario: options.scenario,
    clusters,
    clusterCount: options.clusterCount,
    group,
  };
  const heapLimitMiB = threadHeapLimitMiB(options, clusters.length);
  const worker = new Worker(compiledPath(import.meta.url, 'cluster-thread'), {
    workerData: data,
    ...(heapLimitMiB === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: heapLimitMiB } }),
  });
  // One 'error' listener for the thread's life, failing the question under way and every later
  // one. (Racing each question against a never-settled failure promise kept every answer — each
  // interval's histograms — reachable from that promise: 190 MB on a 10⁷-user day.)
  let failure: ChatloadError | undefined;
  let rejectPending: ((error: ChatloadError) => void) | undefined;
  worker.on('error', (error: Error & { code?: string }) => {
    failure = threadFailure(error, heapLimitMiB, options.threadHeapMiB !== undefined);
    rejectPending?.(failure);
  });
  const ask = (message: ToClusterThread): Promise<FromClusterThread> =>
    new Promise<FromClusterThread>((resolve, reject) => {
      if (failure !== undefined) {
        reject(failure);
        return;
      }
      rejectPending = reject;
      worker.once('message', (answer: FromClusterThread) => {
        rejectPending = undefined;
        if (answer.kind === 'failed') reject(new ChatloadError('CHATLOAD_E_WORKER_FAILED', `a sim thread failed: ${answer.message}`));
        else resolve(answer);
      });
      worker.postMessage(message);
    });
  return {
    step: async (index) => {
      const answer = await ask({ kind: 'step', index });
      if (answer.kind !== 'interval')
        throw new ChatloadError('CHATLOAD_E_INTERNAL', `a sim thread answered ${answer.kind} to a step`);
      return answer;
    },
    finish: async () => {
      const answer = await ask({ kind: 'finish' });
      if (answer.kind !== 'finished')
        throw new ChatloadError('CHATLOAD_E_INTERNAL', `a sim thread answered ${answer.kind} to finish`);
      return answer.outcome;
    },
    close: async () => {
      await worker.terminate();
    },
  };
}
