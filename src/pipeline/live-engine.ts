import { ChatloadError } from '../errors.js';
import { connectionWaitWarning } from '../load/connection-wait.js';
import { defaultWorkerCount } from '../load/default-worker-count.js';
import { runCoordinated, startLoadPool } from '../load/coordinator.js';
import type { TargetIdentity } from '../load/protocol.js';
import { fetchPlatformStats, probeTarget } from '../load/target-probe.js';
import { type RunningWebhookReceiver, startWebhookReceiver } from '../load/webhook-receiver.js';
import { type MockThread, startMockThread } from '../mock/mock-thread.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { shapeResolver } from '../traffic/user-identity.js';
import type { StartRecord } from '../metrics/run-result.js';
import { CELL_COUNT } from '../traffic/population.js';
import { formatDurationUs, monotonicNowUs, msToUs, usToMs, usToSeconds } from '../units.js';
import type { Engine, EngineHooks, EngineOutcome } from './engine.js';
import {
  lateJoinWarning,
  monotonicStartUs,
  planStart,
  type StartBarrier,
  type StartPlan,
} from './start-barrier.js';

/** Cloud-API version the generator speaks (any v21.0–v26.0 is accepted by the mock). */
export const GRAPH_VERSION = 'v23.0';

/**
 * After the last operation, how long to let webhooks already on their way arrive: inbound (5 ms)
 * and `sent` (20 ms) updates fit easily; `delivered` and `read` (mean 0.3 s and 3 s later) of the
 * run's last moments are cut off and not counted.
 */
const WEBHOOK_FLUSH_MS = 300;

/** A late joiner plays from this long after it is ready, so its first operations are not already late. */
const BARRIER_JOIN_LEAD_MS = 100;

export interface LiveEngineOptions {
  /**
   * The admin token of a `--target` mock off loopback (decision 0013), sent on its /_sim/ calls;
   * from $CHATLOAD_ADMIN_TOKEN, never from the scenario, so it stays out of result files.
   */
  readonly adminToken?: string;
  /** A shard's population cells (decision 0028); default all. */
  readonly cells?: readonly number[];
  /** `--start-at`: the plan's t = 0 as a shared wall-clock instant (decision 0029). */
  readonly startBarrier?: StartBarrier;
  /** The coordinator serves /metrics during the run: it keeps its priority (decision 0037). */
  readonly keepCoordinatorPriority?: boolean;
}

/**
 * The live engine: the plan played in real time by a piscina pool against the embedded mock
 * (started here, with the run's webhook receiver) or against `--target`. It owns the lifecycle
 * of both servers; everything about recording and writing is the pipeline's.
 */
export function createLiveEngine(options: LiveEngineOptions = {}): Engine {
  return { kind: 'live', run: (scenario, hooks) => runLive(scenario, hooks, options) };
}

export const liveEngine: Engine = createLiveEngine();

async function runLive(
  scenario: ResolvedScenario,
  hooks: EngineHooks,
  options: LiveEngineOptions,
): Promise<EngineOutcome> {
  const { adminToken, startBarrier } = options;
  // A shard already past its barrier refuses before starting anything (exit 5).
  if (startBarrier !== undefined) planStart(startBarrier, Date.now(), scenario.load.intervalUs, 0);
  if (scenario.mock.clusters > 1) {
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `mock.clusters is ${scenario.mock.clusters}: platform clusters are modelled by \`chatload sim\`; a live run targets one platform (decision 0004)`,
    );
  }
  const cells = options.cells ?? Array.from({ length: CELL_COUNT }, (_, cell) => cell);
  // A worker needs at least one cell: a shard of a few cells gets no more workers than cells.
  const workers = Math.min(
    cells.length,
    scenario.workers === 'auto' ? defaultWorkerCount() : scenario.workers,
  );
  const embedded = scenario.target === 'embedded';
  // The workers load their modules while the target starts; the run takes the pool over.
  const pool = startLoadPool(workers);
  let receiver: RunningWebhookReceiver | undefined;
  let poolTaken = false;
  let mock: MockThread | undefined;
  try {
    receiver = embedded && scenario.mock.webhooks.enabled ? await startReceiver(scenario) : undefined;
    mock = embedded
      ? await startMockThread(
          receiver
            ? { ...scenario.mock, webhooks: { ...scenario.mock.webhooks, url: receiver.url } }
            : scenario.mock,
        )
      : undefined;
  } catch (error) {
    await Promise.allSettled([receiver?.close(), pool.destroy()]);
    throw error;
  }
  try {
    const baseUrl = mock?.url ?? scenario.target;
    await probeTarget(baseUrl);
    const target: TargetIdentity = {
      baseUrl,
      graphVersion: GRAPH_VERSION,
      phoneNumberId: scenario.mock.phoneNumberId,
      accessToken: scenario.mock.accessToken,
      ...(mock === undefined && adminToken !== undefined ? { adminToken } : {}),
    };
    hooks.onTargetReady?.({
      baseUrl,
      embeddedMock: mock !== undefined,
      webhooks: receiver?.tally,
      ...(target.adminToken === undefined ? {} : { adminToken: target.adminToken }),
    });
    hooks.log(
      `chatload live: ${scenario.name} — ${scenario.users.toLocaleString('en-US')} users, ${usToSeconds(scenario.durationUs)} s, ` +
        `${workers} worker${workers === 1 ? '' : 's'}, target ${baseUrl}${mock ? ' (embedded mock)' : ''}`,
    );
    let epochMs = Date.now();
    const barrier =
      startBarrier === undefined
        ? undefined
        : barrierStart(startBarrier, scenario.load.intervalUs, hooks.log);
    poolTaken = true;
    const outcome = await runCoordinated({
      scenario,
      target,
      workers,
      pool,
      cells,
      interrupt: hooks.interrupt,
      onIntervalClosed: hooks.onIntervalClosed,
      ...(barrier === undefined ? {} : { startAt: barrier.startAt }),
      floorSources: mock ? [mock.floor] : [],
      keepPriority: options.keepCoordinatorPriority === true,
      onStart: (startAtUs) => {
        // Wall-clock time enters here: the shared start instant as an absolute epoch (the barrier itself when given).
        epochMs = startBarrier?.atEpochMs ?? Date.now() + usToMs(startAtUs - monotonicNowUs());
        hooks.onStart(epochMs);
      },
    });
    const warnings = [...outcome.warnings];
    const start = startRecordOf(
      startBarrier,
      barrier?.plan(),
      outcome.shards.reduce((n, s) => n + s.skipped, 0),
    );
    if (start !== undefined && start.joinedAtUs > 0)
      warnings.push(lateJoinWarning({ ...start, joinAtUs: start.joinedAtUs }));
    const notSent = outcome.shards.reduce((n, s) => n + s.notSent, 0);
    const abandoned = outcome.shards.reduce((n, s) => n + s.abandoned, 0);
    const waited = connectionWaitWarning({
      operations: outcome.shards.reduce((n, s) => n + s.connectionWaits.operations, 0),
      maxUs: outcome.shards.reduce((max, s) => Math.max(max, s.connectionWaits.maxUs), 0),
      sent: outcome.shards.reduce((n, s) => n + s.sent, 0),
      connectionsPerWorker: scenario.load.connectionsPerWorker,
    });
    if (waited !== undefined) warnings.push(waited);
    if (outcome.interrupted)
      warnings.push(
        `interrupted: ${notSent} planned operations were not sent, ${abandoned} in flight were abandoned`,
      );
    if (receiver) await new Promise((resolve) => setTimeout(resolve, WEBHOOK_FLUSH_MS));
    // Stopping the mock sends what it has queued and waits for POSTs under way: its figures and the receiver's are final after it.
    const platformStats = mock ? await mock.stop() : await fetchPlatformStats(baseUrl, adminToken);
    await receiver?.close();
    return {
      series: outcome.aggregate.totals,
      elapsedUs: outcome.endUs - outcome.startAtUs,
      interrupted: outcome.interrupted,
      epochMs,
      workers,
      target: { url: baseUrl, embeddedMock: mock !== undefined },
      platformStats,
      webhooks: receiver?.tally,
      eventLoopDelay: outcome.aggregate.eventLoopDelayTotals,
      warnings,
      notes: liveNotes(scenario),
      ...(start === undefined ? {} : { start }),
    };
  } finally {
    if (!poolTaken) await pool.destroy();
    await mock?.stop();
    await receiver?.close();
  }
}

/**
 * The coordinator's start for a shard with a barrier: once every worker is ready, one reading of
 * both clocks fixes t = 0 on the monotonic clock and the plan time to join at (or refuses, exit 5).
 */
function barrierStart(
  barrier: StartBarrier,
  intervalUs: number,
  log: (line: string) => void,
): {
  readonly startAt: () => { startAtUs: number; joinAtUs: number };
  readonly plan: () => StartPlan | undefined;
} {
  let plan: StartPlan | undefined;
  const startAt = () => {
    const nowEpochMs = Date.now();
    const nowUs = monotonicNowUs();
    plan = planStart(barrier, nowEpochMs, intervalUs, msToUs(BARRIER_JOIN_LEAD_MS));
    const aheadMs = barrier.atEpochMs - nowEpochMs;
    if (aheadMs > 0)
      log(
        `chatload live: waiting for the start barrier ${new Date(barrier.atEpochMs).toISOString()} (in ${formatDurationUs(msToUs(aheadMs))})`,
      );
    return { startAtUs: monotonicStartUs(barrier, nowEpochMs, nowUs), joinAtUs: plan.joinAtUs };
  };
  return { startAt, plan: () => plan };
}

/** What the start barrier did, for the summary (absent without `--start-at`). */
function startRecordOf(
  barrier: StartBarrier | undefined,
  plan: StartPlan | undefined,
  skippedOperations: number,
): StartRecord | undefined {
  if (barrier === undefined || plan === undefined) return undefined;
  return {
    barrier: new Date(barrier.atEpochMs).toISOString(),
    lateJoin: barrier.lateJoin,
    lateByUs: plan.lateByUs,
    joinedAtUs: plan.joinAtUs,
    skippedOperations,
  };
}

function liveNotes(scenario: ResolvedScenario): string[] {
  const notes = [
    "live: latency from the intended send time (coordinated-omission correct), over HTTP on loopback; platform = the mock's own queue + service time per call",
  ];
  if (scenario.clock.dayInUs < 86_400_000_000)
    notes.push(
      'time-compressed: a day played in less than a day (clock.dayIn): no rate or peak claims from this result',
    );
  return notes;
}

/**
 * The business's webhook endpoint for this run. The embedded mock subscribes it with the GET
 * handshake as Meta's dashboard does (webhooks.verifyOnStart), so a receiver that did not echo
 * the challenge stops the run before any load.
 */
async function startReceiver(scenario: ResolvedScenario): Promise<RunningWebhookReceiver> {
  const { appSecret, verifyToken } = scenario.mock;
  return startWebhookReceiver({
    appSecret,
    verifyToken,
    shapeOf: shapeResolver(scenario.users, scenario.traffic.mix),
  });
}
