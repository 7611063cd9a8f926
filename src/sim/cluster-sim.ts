import type { ClosedInterval, SeriesAggregate } from '../metrics/run-aggregate.js';
import type { SeriesKey } from '../metrics/series-key.js';
import type { WebhookTally } from '../metrics/webhook-tally.js';
import { QUEUED, REFUSED } from '../platform/capacity-model.js';
import {
  messageKeyOf,
  mediaKeyOf,
  MEDIA_MIME,
  PLAN_TEMPLATE_NAME,
  RequestSizes,
  userKeyOf,
} from '../platform/planned-calls.js';
import { faultsConfigured } from '../platform/fault-injector.js';
import { ACCEPTED, PlatformCore, platformStreams } from '../platform/platform-core.js';
import type { PlatformStats } from '../platform/platform-stats.js';
import type { Pricing } from '../platform/pricing.js';
import { WireSizes } from '../platform/wire-sizes.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { createOperationSource } from '../traffic/plan.js';
import { ReplyGate } from '../traffic/reply-gate.js';
import type { OperationSource, PlannedOp } from '../traffic/operation.js';
import { OP_KINDS } from '../vocabulary.js';
import { admissionCode } from './admission.js';
import { ClusterMeasures } from './cluster-measures.js';
import { EventQueue } from './event-queue.js';
import { InFlightTable } from './in-flight-table.js';
import { onePostPerUpdate, WebhookRecorder } from './webhook-recorder.js';

export interface ClusterSimOptions {
  readonly scenario: ResolvedScenario;
  readonly cluster: number;
  readonly clusters: number;
  readonly cells: readonly number[];
  /** Another source of operations than the scenario's plan (tests feed textbook arrivals). */
  readonly source?: OperationSource;
}

const MEDIA_STAGE_META = 0;
const MEDIA_STAGE_DOWNLOAD = 1;

/** What a cluster holds now: memory follows these, never the total of operations. */
export interface ClusterFootprint {
  readonly inFlight: number;
  readonly pendingEvents: number;
  readonly trackedUsers: number;
  /** The user tables' slots (memory), which the growth sizes from live users only. */
  readonly userSlots: number;
  readonly trackedMessages: number;
}

/**
 * One platform cluster in virtual time (decision 0004): its share of the plan (the cells of the
 * cluster, the pre-roll played unmeasured so the platform is in steady state at t = 0) meets
 * its own PlatformCore. Each operation enters at its intended time, meets the rules, waits for
 * a capacity slot, is served, and fans out its webhooks with their modelled delays. Latency is
 * the platform's sojourn (queue + service, plus any fault hold); there is no HTTP and no
 * generator lateness. Events are capacity completions only (ordered by µs, then scheduling
 * order), merged with the plan's own time-ordered stream; nothing is allocated per operation
 * on the common path.
 */
export class ClusterSim {
  readonly cluster: number;
  readonly #core: PlatformCore;
  readonly #source: OperationSource;
  readonly #events = new EventQueue();
  readonly #ops = new InFlightTable();
  readonly #gate = new ReplyGate<PlannedOp>();
  readonly #measures: ClusterMeasures;
  readonly #webhooks: WebhookRecorder;
  readonly #requestSizes: RequestSizes;
  readonly #kind: Readonly<Record<PlannedOp['kind'] | 'download', number>>;
  readonly #templateCategory: ReturnType<PlatformCore['templateCategory']>;
  readonly #phoneNumberId: string;
  readonly #endUs: number;
  #next: PlannedOp | undefined;
  #measuring = false;
  #lastEventUs = 0;

  constructor(options: ClusterSimOptions) {
    const { scenario, cluster } = options;
    this.cluster = cluster;
    // Memory caps (messages and media remembered) are the platform's: its clusters share them.
    const mock = {
      ...scenario.mock,
      maxTrackedMessages: Math.max(1, Math.ceil(scenario.mock.maxTrackedMessages / options.clusters)),
    };
    this.#phoneNumberId = mock.phoneNumberId;
    this.#core = new PlatformCore(mock, platformStreams(scenario.seed, cluster), 0);
    this.#source = options.source ?? createOperationSource(scenario, options.cells, { history: 'play' });
    this.#requestSizes = new RequestSizes(mock.phoneNumberId);
    const wire = new WireSizes(
      mock.phoneNumberId,
      mock.displayPhoneNumber,
      mock.wabaId,
      mock.errorHttpStatus,
    );
    this.#measures = new ClusterMeasures(cluster, this.#requestSizes, wire, !faultsConfigured(mock.faults));
    this.#endUs = scenario.durationUs;
    this.#webhooks = new WebhookRecorder(this.#core, wire, this.#endUs);
    const capacity = this.#core.capacity;
    this.#kind = Object.fromEntries(
      [...OP_KINDS, 'download'].map((k) => [k, capacity.kindIndex(k === 'download' ? 'media' : k)]),
    ) as Record<PlannedOp['kind'] | 'download', number>;
    this.#templateCategory = this.#core.templateCategory(PLAN_TEMPLATE_NAME);
    this.#next = this.#source.next();
  }

  /** Nothing left to play: the plan is exhausted and no call is in the platform. */
  get done(): boolean {
    return this.#next === undefined && this.#events.size === 0;
  }

  get inFlight(): number {
    return this.#ops.size;
  }

  /** Time of the last event handled (µs), for the run's elapsed time. */
  get lastEventUs(): number {
    return this.#lastEventUs;
  }

  /** Plays every arrival and completion due before `untilUs` (completions first at equal µs: they free slots). */
  advanceTo(untilUs: number): void {
    const events = this.#events;
    for (;;) {
      const eventUs = events.peekTimeUs();
      const next = this.#next;
      const opUs = next === undefined ? Number.POSITIVE_INFINITY : next.atUs;
      const atUs = Math.min(eventUs, opUs);
      if (atUs >= untilUs) break;
      if (!this.#measuring && atUs >= 0) this.#startMeasuring();
      this.#lastEventUs = atUs;
      if (eventUs <= opUs) this.#complete(events.pop(), atUs);
      else {
        const op = next as PlannedOp;
        if (this.#gate.due(op, op)) this.#arrive(op, atUs);
        this.#next = this.#source.next();
      }
    }
    if (!this.#measuring && untilUs > 0) this.#startMeasuring();
  }

  /** The interval just played, lent to `consume` (same thread, used at once); then a new interval starts. */
  borrowInterval(index: number, consume: (interval: ClosedInterval) => void): void {
    this.#measures.borrowInterval(index, this.#ops.size, consume);
  }

  footprint(): ClusterFootprint {
    const state = this.#core.snapshot(this.#lastEventUs).state;
    return {
      inFlight: this.#ops.size,
      pendingEvents: this.#events.size,
      trackedUsers: state.trackedUsers,
      userSlots: this.#core.userTableSlots(),
      trackedMessages: state.trackedMessages,
    };
  }

  /** Every measured value since t = 0, per series. */
  totals(): Map<SeriesKey, SeriesAggregate> {
    return this.#measures.totals();
  }

  platformStats(): PlatformStats {
    return onePostPerUpdate(this.#core.snapshot(Math.max(this.#lastEventUs, this.#endUs)));
  }

  webhookTally(): WebhookTally {
    return this.#webhooks.tally;
  }

  /** The plan's t = 0: what came before was the pre-roll, played unmeasured to reach steady state. */
  #startMeasuring(): void {
    this.#measuring = true;
    this.#core.resetCounters(0);
  }

  /** `op` reaches the platform now: at its intended time, or later when the reply gate held it. */
  #arrive(op: PlannedOp, nowUs: number): void {
    const measured = op.atUs >= 0;
    if (measured) this.#measures.sent(op);
    const h = this.#ops.add(op, nowUs, measured);
    const code = admissionCode(this.#core, this.#ops, h, op, nowUs, this.#templateCategory);
    if (code === ACCEPTED)
      this.#admit(
        h,
        this.#kind[op.kind],
        op.kind === 'media' ? 0 : this.#requestSizes.bytesOf(op),
        nowUs,
        op.kind !== 'inbound',
      );
    else this.#refused(h, op, nowUs, code);
  }

  #admit(h: number, kindIndex: number, bytes: number, nowUs: number, mayRefuse: boolean): void {
    const result = this.#core.capacity.admit(h, kindIndex, bytes, nowUs, mayRefuse);
    if (result === QUEUED) return;
    if (result === REFUSED) {
      const op = this.#ops.op(h);
      this.#refused(h, op, nowUs, this.#core.refuse(this.#core.settings.capacity.overloadCode));
      return;
    }
    this.#ops.serviceUs[h] = (this.#ops.serviceUs[h] as number) + result;
    this.#events.push(nowUs + result, h);
  }

  #complete(h: number, nowUs: number): void {
    const capacity = this.#core.capacity;
    // The slot goes to the longest-waiting call first.
    const next = capacity.release(nowUs);
    if (next >= 0) {
      this.#ops.serviceUs[next] = (this.#ops.serviceUs[next] as number) + capacity.startedServiceUs;
      this.#events.push(nowUs + capacity.startedServiceUs, next);
    }
    const op = this.#ops.op(h);
    if (op.kind === 'media' && this.#ops.stage[h] === MEDIA_STAGE_META) {
      // Metadata answered: the bot downloads the file (a second call, through capacity again).
      this.#ops.stage[h] = MEDIA_STAGE_DOWNLOAD;
      this.#core.count('download');
      const code = this.#core.admitWork();
      if (code === ACCEPTED)
        this.#admit(h, this.#kind.download, this.#ops.fileBytes[h] as number, nowUs, true);
      else this.#refused(h, op, nowUs, code);
      return;
    }
    this.#served(h, op, nowUs);
  }

  /** A call served: its effects on the platform, its webhooks, its measures. */
  #served(h: number, op: PlannedOp, nowUs: number): void {
    const ops = this.#ops;
    const core = this.#core;
    const arrivedUs = ops.arrivedUs[h] as number;
    const measured = ops.measured[h] === 1;
    if (op.kind === 'inbound') {
      const messageKey = messageKeyOf(op.conversationId, op.seq);
      core.inboundServed(0, userKeyOf(op.userId), messageKey, nowUs);
      if (op.mediaKind !== undefined)
        core.media.registerInbound(
          mediaKeyOf(op.conversationId, op.seq),
          this.#phoneNumberId,
          MEDIA_MIME[op.mediaKind],
          op.mediaBytes ?? 0,
        );
      const waitUs = ops.quotaWaitUs[h] as number;
      if (waitUs >= 0 && measured) this.#webhooks.inbound(op, arrivedUs, Math.max(nowUs, arrivedUs + waitUs));
    } else if (op.kind === 'send' || op.kind === 'interactive' || op.kind === 'template') {
      const pricing = ops.pricing[h] as Pricing;
      if (measured)
        this.#webhooks.outbound(
          op,
          nowUs,
          pricing,
          op.kind === 'template' && pricing.category === 'marketing',
        );
    }
    // Latency is the platform's sojourn, from arrival: a reply the gate held entered the platform when released.
    if (measured)
      this.#measures.served(
        op,
        nowUs - arrivedUs,
        core.holdUs(nowUs),
        ops.serviceUs[h] as number,
        ops.fileBytes[h] as number,
      );
    ops.free(h);
    this.#release(op, nowUs);
  }

  /** A user message answered: what the gate held for it reaches the platform now. */
  #release(op: PlannedOp, nowUs: number): void {
    for (const held of this.#gate.answered(op)) this.#arrive(held, nowUs);
  }

  /** A call the platform refused at once: no service, the answer after any fault hold. */
  #refused(h: number, op: PlannedOp, nowUs: number, code: number): void {
    if (this.#ops.measured[h] === 1)
      this.#measures.refused(
        op,
        nowUs - (this.#ops.arrivedUs[h] as number),
        this.#core.holdUs(nowUs),
        this.#ops.serviceUs[h] as number,
        code,
      );
    this.#ops.free(h);
    this.#release(op, nowUs);
  }
}
