import { once } from 'node:events';
import { EventLoopDelaySampler } from '../metrics/event-loop-delay.js';
import { countsOf } from '../metrics/hdr-settings.js';
import { IntervalRecorder, NOT_MEASURED } from '../metrics/interval-recorder.js';
import { warmUpIntervalPath } from '../metrics/interval-warm-up.js';
import { seriesKey } from '../metrics/series-key.js';
import { createOperationSource } from '../traffic/plan.js';
import type { PlannedOp } from '../traffic/operation.js';
import { ReplyGate } from '../traffic/reply-gate.js';
import { monotonicNowUs, usToMs } from '../units.js';
import { ConnectionWaitCount } from './connection-wait.js';
import { IntervalBoundaries } from './interval-boundaries.js';
import { OperationSender, type SendOutcome } from './operation-sender.js';
import { OpScheduler, type SchedulerClock } from './op-scheduler.js';
import type { CoordinatorMessage, ShardDone, ShardTask, WorkerMessage } from './protocol.js';
import { JoiningSource } from './late-join.js';
import { buildRequest } from './request-builder.js';

/** The most the connection warm-up may add to the start-up (a target slower than this is warmed by the run). */
const WARM_WITHIN_MS = 5_000;

const realClock: SchedulerClock = {
  nowUs: monotonicNowUs,
  after: (delayMs, callback) => void setTimeout(callback, delayMs),
  soon: (callback) => void setImmediate(callback),
};

/**
 * The piscina task: plays one shard of the population against the target. It owns its
 * histograms, streams an encoded snapshot every interval over the task's port, and returns
 * its counts when its plan is exhausted and drained, or when told to stop.
 */
export default async function runShard(task: ShardTask): Promise<ShardDone> {
  const { port, scenario, workerIndex } = task;
  const post = (message: WorkerMessage) => port.postMessage(message);
  const recorder = new IntervalRecorder(workerIndex);
  const eventLoop = new EventLoopDelaySampler();
  /** The interval's operations and this thread's event-loop delay over it: the measurement floor. */
  const postInterval = (index: number) =>
    post({
      kind: 'interval',
      snapshot: recorder.takeSnapshot(index, inFlight),
      eventLoopDelay: countsOf(eventLoop.take()),
    });
  const boundaries = new IntervalBoundaries(scenario.load.intervalUs, postInterval);
  const timeoutMs = usToMs(scenario.load.requestTimeoutUs);
  const connections = scenario.load.connectionsPerWorker;
  const sender = new OperationSender(task.target, connections, timeoutMs);
  const source = new JoiningSource(createOperationSource(scenario, task.cells));
  const connectionWaits = new ConnectionWaitCount();

  let inFlight = 0;
  let sent = 0;
  let completed = 0;
  let exhausted = false;
  let resolveIdle: (() => void) | undefined;

  // Holds the ops themselves (no object per op): a held op's intended time is startAtUs + op.atUs.
  const gate = new ReplyGate<PlannedOp>();
  const due = (op: PlannedOp, intendedUs: number): void => {
    if (gate.due(op, op)) fire(op, intendedUs, intendedUs);
  };
  /** Sends `op`; its latency counts from `intendedUs`, its lateness from `eligibleUs` (after any hold by the gate). */
  const fire = (op: PlannedOp, intendedUs: number, eligibleUs: number): void => {
    const key = seriesKey(op.shape, op.kind);
    const request = buildRequest(op, task.target);
    // One request per connection: with as many operations in flight, this one waits for a connection.
    const poolFull = inFlight >= connections;
    // Bodies are ASCII (digits, ids, filler text), so length is the byte count.
    recorder.recordSent(key, request.body === undefined ? 0 : request.body.length, op.seq === 0);
    inFlight += 1;
    sent += 1;
    sender.send(request, (outcome: SendOutcome) => {
      const doneUs = monotonicNowUs();
      boundaries.closeDue(doneUs);
      const latenessUs = outcome.sentAtUs - eligibleUs;
      if (poolFull) connectionWaits.add(outcome.connectionWaitUs);
      const platformUs = outcome.platformUs >= 0 ? outcome.platformUs : NOT_MEASURED;
      recorder.recordCompleted(
        key,
        latenessUs,
        doneUs - intendedUs,
        doneUs - outcome.sentAtUs,
        platformUs,
        outcome.bytesReceived,
        outcome.errorCode,
      );
      inFlight -= 1;
      completed += 1;
      for (const held of gate.answered(op)) fire(held, startAtUs + held.atUs, doneUs);
      if (inFlight === 0 && resolveIdle) resolveIdle();
    });
  };

  let intervalTimer: NodeJS.Timeout | undefined;
  let onExhausted: () => void = () => {};
  // The pre-roll is generated before 'ready'; the scheduler is made once the join time is known.
  source.prime();
  warmUpIntervalPath();
  // Cold, the first read of Node's delay histogram took 3 ms, at the first interval boundary; the reset at the start drops this one.
  eventLoop.take();
  await sender.warm(connections, task.warmRequests, Math.min(timeoutMs, WARM_WITHIN_MS));
  post({ kind: 'ready', workerIndex });
  const [first] = (await once(port, 'message')) as [CoordinatorMessage];
  if (first.kind !== 'start') return finish(true, 0, 0);
  const startAtUs = first.startAtUs;
  source.joinAt(first.joinAtUs);
  const scheduler = new OpScheduler(source, realClock, due, () => {
    exhausted = true;
    onExhausted();
  });
  // Plan generation and start-up blocked this loop; the floor starts with the run.
  eventLoop.reset();

  const idle = () =>
    inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (resolveIdle = resolve));
  // The timer closes intervals no completion closed first; fired early, it waits out the rest.
  const armIntervalTimer = () => {
    intervalTimer = setTimeout(
      () => {
        boundaries.closeDue(monotonicNowUs());
        armIntervalTimer();
      },
      usToMs(boundaries.untilEndUs(monotonicNowUs())),
    );
  };
  boundaries.start(startAtUs);
  armIntervalTimer();

  const ended = new Promise<{ stopped: boolean; drainMs: number }>((resolve) => {
    port.on('message', (message: CoordinatorMessage) => {
      if (message.kind === 'stop') resolve({ stopped: true, drainMs: message.drainMs });
    });
    onExhausted = () => resolve({ stopped: false, drainMs: timeoutMs });
    scheduler.start(startAtUs);
  });

  const outcome = await ended;
  // A stopped run sends nothing more; a finished one still sends what the gate holds as answers arrive.
  let notSent = (exhausted ? 0 : scheduler.stop()) + (outcome.stopped ? gate.drain().length : 0);
  const drained = await Promise.race([idle().then(() => true), sleep(outcome.drainMs).then(() => false)]);
  notSent += gate.drain().length;
  const abandoned = drained ? 0 : inFlight;
  if (!drained)
    post({ kind: 'warning', workerIndex, message: `${abandoned} operations still in flight were abandoned` });
  return finish(outcome.stopped, notSent, abandoned);

  async function finish(stopped: boolean, notSentCount: number, abandonedCount: number): Promise<ShardDone> {
    if (intervalTimer) clearTimeout(intervalTimer);
    postInterval(boundaries.index);
    eventLoop.close();
    await (abandonedCount > 0 ? sender.destroy() : sender.close());
    port.close();
    return {
      kind: 'done',
      workerIndex,
      planned: sent + notSentCount,
      sent,
      completed,
      abandoned: abandonedCount,
      notSent: notSentCount,
      skipped: source.skipped,
      connectionWaits: { operations: connectionWaits.operations, maxUs: connectionWaits.maxUs },
      stopped,
    };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
