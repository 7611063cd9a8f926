import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { ChatloadError } from '../errors.js';
import { EventLoopFloor, type FloorReport } from '../metrics/event-loop-floor.js';
import { createHistogram, refillFromCounts } from '../metrics/hdr-settings.js';
import { warmUpIntervalPath } from '../metrics/interval-warm-up.js';
import { lowerCoordinatorPriority } from './coordinator-priority.js';
import type { ClosedInterval } from '../metrics/run-aggregate.js';
import { RunAggregate } from '../metrics/run-aggregate.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { predictLiveDemand } from '../traffic/live-demand.js';
import { CELL_COUNT } from '../traffic/population.js';
import { monotonicNowUs, msToUs } from '../units.js';
import type { CoordinatorMessage, ShardDone, ShardTask, TargetIdentity, WorkerMessage } from './protocol.js';
import { warmRequestsPerWorker } from './warm-up-size.js';
import { workerFilePath } from './worker-file.js';

export interface CoordinatorOptions {
  readonly scenario: ResolvedScenario;
  readonly target: TargetIdentity;
  readonly workers: number;
  /** Aborting it stops the load: no new sends, in-flight ones get `stopDrainMs` to finish. */
  readonly interrupt: AbortSignal;
  readonly stopDrainMs?: number;
  /** Called in index order with each interval merged over all workers, lent: its histograms hold later intervals once it returns. */
  readonly onIntervalClosed: (interval: ClosedInterval) => void;
  /** Called once, when every worker is ready and the start time is fixed. */
  readonly onStart?: (startAtUs: number) => void;
  /** The population cells to play (default: all); spread round robin over the workers. */
  readonly cells?: readonly number[];
  /**
   * Fixes the start once every worker is ready: the plan's t = 0 on the monotonic clock and the
   * plan time to join at (a shard's start barrier). Default: now plus a short lead, from t = 0.
   * Throwing refuses the start: the workers are stopped before anything is sent.
   */
  readonly startAt?: () => { readonly startAtUs: number; readonly joinAtUs: number };
  /** Other threads whose event-loop delay belongs to the run's floor (the embedded mock). */
  readonly floorSources?: readonly FloorSource[];
  /**
   * Keep this thread's priority (decision 0037): when it serves Prometheus's scrapes, whose answers
   * must come within the scrape timeout even when the machine is short of CPU.
   */
  readonly keepPriority?: boolean;
  /** The workers, started by `startLoadPool` while the target started; this run destroys it. Default: a new one. */
  readonly pool?: LoadPool;
}

export type LoadPool = Piscina<ShardTask, ShardDone>;

/**
 * The load workers: threads that load their modules as soon as they exist, so a caller starts them
 * before the target (the embedded mock's start-up then overlaps theirs).
 */
export function startLoadPool(workers: number): LoadPool {
  return new Piscina<ShardTask, ShardDone>({
    filename: workerFilePath(),
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 1_000,
    concurrentTasksPerWorker: 1,
  });
}

/** A thread that reports its event-loop delay per interval on its own (the coordinator's does the same here). */
export interface FloorSource {
  readonly thread: string;
  /** Reports interval i's delay at its end, from `startAtUs` on. */
  start(startAtUs: number, intervalUs: number, report: FloorReport): void;
  /** Reports the interval under way and stops; resolves once that last report was made. */
  stop(): Promise<void>;
}

/** The coordinator's own thread (run pipeline, merges, the webhook receiver) as a floor source. */
function coordinatorFloor(): FloorSource {
  const floor = new EventLoopFloor();
  return {
    thread: 'coordinator',
    start: (startAtUs, intervalUs, report) => floor.start(startAtUs, intervalUs, report),
    stop: async () => floor.stop(),
  };
}

export interface CoordinatorOutcome {
  readonly aggregate: RunAggregate;
  readonly startAtUs: number;
  readonly endUs: number;
  readonly interrupted: boolean;
  readonly shards: readonly ShardDone[];
  readonly warnings: readonly string[];
}

/** Time between "all workers ready" and the first intended send, so no worker starts late. */
const START_LEAD_MS = 100;
const READY_TIMEOUT_MS = 30_000;

/**
 * Partitions the population over a piscina pool (one long task per worker), fixes one
 * start time on the shared monotonic clock, merges the workers' interval snapshots as they
 * arrive, and stops them on interrupt.
 */
export async function runCoordinated(options: CoordinatorOptions): Promise<CoordinatorOutcome> {
  const { scenario, target, workers } = options;
  const cells = options.cells ?? Array.from({ length: CELL_COUNT }, (_, cell) => cell);
  const warnings: string[] = [];
  const floorSources = [coordinatorFloor(), ...(options.floorSources ?? [])];
  const aggregate = new RunAggregate(workers, options.onIntervalClosed, {
    floorThreads: floorSources.map((source) => source.thread),
    lendIntervals: true,
  });
  let warmRequests: number;
  try {
    // Half a second of each worker's share of the planned peak (this run's cells of the population).
    warmRequests = warmRequestsPerWorker(
      (predictLiveDemand(scenario).peakOpsPerSecond * cells.length) / CELL_COUNT,
      workers,
    );
  } catch (error) {
    await options.pool?.destroy(); // the run owns a pool it was given, on every path
    throw error;
  }
  const pool = options.pool ?? startLoadPool(workers);
  const ports: MessagePort[] = [];
  let ready = 0;
  let allReady: () => void = () => {};
  const readyPromise = new Promise<void>((resolve) => (allReady = resolve));

  const tasks = Array.from({ length: workers }, (_, workerIndex) => {
    const channel = new MessageChannel();
    ports.push(channel.port1);
    // The worker's delay counts pass through one histogram (the aggregate copies them).
    const workerDelayUs = createHistogram();
    channel.port1.on('message', (message: WorkerMessage) => {
      switch (message.kind) {
        case 'ready':
          ready += 1;
          if (ready === workers) allReady();
          break;
        case 'interval':
          aggregate.add(message.snapshot, refillFromCounts(workerDelayUs, message.eventLoopDelay));
          break;
        case 'warning':
          warnings.push(`worker ${message.workerIndex}: ${message.message}`);
          break;
      }
    });
    const task: ShardTask = {
      kind: 'shard',
      workerIndex,
      cells: cells.filter((_, i) => i % workers === workerIndex),
      scenario,
      target,
      warmRequests,
      port: channel.port2,
    };
    return pool.run(task, { transferList: [channel.port2] }).then((done) => {
      // Messages posted before the task resolved are delivered first on the same port.
      setImmediate(() => aggregate.retire(workerIndex));
      return done;
    });
  });
  const send = (message: CoordinatorMessage) => {
    for (const port of ports) port.postMessage(message);
  };

  let restorePriority = () => {};
  let interrupted = options.interrupt.aborted;
  const onAbort = () => {
    interrupted = true;
    send({ kind: 'stop', drainMs: options.stopDrainMs ?? 2_000 });
  };
  try {
    // While the workers start: the first intervals are not closed by cold code (issue 9).
    warmUpIntervalPath();
    await raceReady(readyPromise, tasks);
    let start: { readonly startAtUs: number; readonly joinAtUs: number };
    try {
      start = options.startAt?.() ?? { startAtUs: monotonicNowUs() + msToUs(START_LEAD_MS), joinAtUs: 0 };
    } catch (error) {
      // Refused (a missed start barrier): the workers end before sending anything.
      send({ kind: 'stop', drainMs: 0 });
      await Promise.allSettled(tasks);
      throw error;
    }
    const { startAtUs, joinAtUs } = start;
    // The workers and the embedded mock exist: from here on they come before this thread's bookkeeping.
    if (options.keepPriority !== true) restorePriority = lowerCoordinatorPriority();
    options.onStart?.(startAtUs);
    send({ kind: 'start', startAtUs, joinAtUs });
    for (const source of floorSources) {
      source.start(startAtUs, scenario.load.intervalUs, (index, delayUs) =>
        aggregate.addFloor(index, source.thread, delayUs),
      );
    }
    // A Ctrl-C during the workers' start-up must stop the run as soon as it starts.
    options.interrupt.addEventListener('abort', onAbort, { once: true });
    if (interrupted || options.interrupt.aborted) onAbort();
    const settled = await Promise.allSettled(tasks);
    const endUs = monotonicNowUs();
    await stopFloor(floorSources, aggregate);
    await new Promise((resolve) => setImmediate(resolve));
    const shards: ShardDone[] = [];
    for (const result of settled) {
      if (result.status === 'fulfilled') shards.push(result.value);
      else warnings.push(`a worker failed: ${(result.reason as Error)?.message ?? String(result.reason)}`);
    }
    aggregate.closeAll();
    if (shards.length === 0) {
      throw new ChatloadError('CHATLOAD_E_WORKER_FAILED', `every load worker failed: ${warnings.join('; ')}`);
    }
    return { aggregate, startAtUs, endUs, interrupted, shards, warnings };
  } finally {
    restorePriority();
    await stopFloor(floorSources, aggregate);
    options.interrupt.removeEventListener('abort', onAbort);
    for (const port of ports) port.close();
    await pool.destroy();
  }
}

/** Each floor source reports its last interval and is retired, so the aggregate stops waiting for it. */
async function stopFloor(sources: readonly FloorSource[], aggregate: RunAggregate): Promise<void> {
  await Promise.all(
    sources.map((source) =>
      source.stop().then(
        () => aggregate.retireFloor(source.thread),
        () => aggregate.retireFloor(source.thread),
      ),
    ),
  );
}

async function raceReady(ready: Promise<void>, tasks: Promise<ShardDone>[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ChatloadError(
            'CHATLOAD_E_WORKER_FAILED',
            `load workers were not ready within ${READY_TIMEOUT_MS} ms`,
          ),
        ),
      READY_TIMEOUT_MS,
    );
  });
  const failure = Promise.race(tasks).then(() => {
    throw new ChatloadError('CHATLOAD_E_WORKER_FAILED', 'a load worker ended before the start');
  });
  // Tasks end normally after the start too; that later rejection must not go unhandled.
  failure.catch(() => {});
  try {
    await Promise.race([ready, timeout, failure]);
  } catch (error) {
    if (error instanceof ChatloadError) throw error;
    throw new ChatloadError(
      'CHATLOAD_E_WORKER_FAILED',
      `a load worker failed to start: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}
