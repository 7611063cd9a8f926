import { recordUs } from '../metrics/hdr-settings.js';
import {
  countPricingOf,
  emptyWebhookTally,
  shapeTallyOf,
  type WebhookShapeTally,
  type WebhookTally,
} from '../metrics/webhook-tally.js';
import type { PlatformCore } from '../platform/platform-core.js';
import type { PlatformStats, WebhookUpdateKind } from '../platform/platform-stats.js';
import type { Pricing } from '../platform/pricing.js';
import { emptyOutboundPlan } from '../platform/webhook-plan.js';
import type { WireSizes } from '../platform/wire-sizes.js';
import type { PlannedOp } from '../traffic/operation.js';
import { SHAPE_NAMES } from '../vocabulary.js';

/**
 * What the business receives in the sim: each update the platform plans is tallied, with its
 * delay from origin, when it is due before the run's end (later ones are not, as a live run
 * stops counting at its end); no JSON is built. One update per POST (decision 0009).
 */
export class WebhookRecorder {
  readonly tally: WebhookTally = emptyWebhookTally();
  readonly #core: PlatformCore;
  readonly #wire: WireSizes;
  readonly #endUs: number;
  readonly #plan = emptyOutboundPlan();
  readonly #shapes: readonly WebhookShapeTally[];
  readonly #failureText = new Map<number, string>();

  constructor(core: PlatformCore, wire: WireSizes, endUs: number) {
    this.#core = core;
    this.#wire = wire;
    this.#endUs = endUs;
    this.#shapes = SHAPE_NAMES.map((shape) => shapeTallyOf(this.tally, shape));
  }

  /** A user message served; its update leaves after `releaseUs` (the quota queue) and the modelled delay. */
  inbound(op: PlannedOp, originUs: number, releaseUs: number): void {
    const dueUs = releaseUs + this.#core.planner.inboundDelayUs();
    if (dueUs >= this.#endUs) return;
    const entry = this.#entry(op);
    entry.messages += 1;
    this.#update(entry, dueUs - originUs, this.#wire.inboundUpdateBytes(op), 'messages');
  }

  /** A business message accepted at `acceptedUs`: sent, then delivered or failed, then maybe read. */
  outbound(op: PlannedOp, acceptedUs: number, pricing: Pricing, marketing: boolean): void {
    const plan = this.#plan;
    this.#core.planner.planOutbound(plan, false, marketing);
    const entry = this.#entry(op);
    const end = this.#endUs - acceptedUs;
    if (plan.sentAfterUs >= end) return;
    entry.statuses.sent += 1;
    countPricingOf(entry, pricing.category, pricing.billable, pricing.type);
    this.#update(entry, plan.sentAfterUs, this.#wire.statusUpdateBytes('sent', pricing, 0), 'sent');
    if (plan.deliveredAfterUs >= 0 && plan.deliveredAfterUs < end) {
      entry.statuses.delivered += 1;
      this.#update(
        entry,
        plan.deliveredAfterUs,
        this.#wire.statusUpdateBytes('delivered', pricing, 0),
        'delivered',
      );
    }
    if (plan.failedAfterUs >= 0 && plan.failedAfterUs < end) {
      entry.statuses.failed += 1;
      const code = this.#failureTextOf(plan.failureCode);
      entry.failedByCode[code] = (entry.failedByCode[code] ?? 0) + 1;
      this.#update(
        entry,
        plan.failedAfterUs,
        this.#wire.statusUpdateBytes('failed', pricing, plan.failureCode),
        'failed',
      );
    }
    if (plan.readAfterUs >= 0 && plan.readAfterUs < end) {
      entry.statuses.read += 1;
      this.#update(entry, plan.readAfterUs, this.#wire.statusUpdateBytes('read', pricing, 0), 'read');
    }
  }

  #entry(op: PlannedOp): WebhookShapeTally {
    return this.#shapes[op.shape === 'customer-service' ? 0 : 1] as WebhookShapeTally;
  }

  #update(entry: WebhookShapeTally, delayUs: number, bytes: number, kind: WebhookUpdateKind): void {
    entry.updates += 1;
    entry.posts += 1;
    entry.bytes += bytes;
    recordUs(entry.originDelayUs, delayUs);
    this.tally.posts += 1;
    this.tally.bytes += bytes;
    this.#core.countUpdate(kind);
  }

  #failureTextOf(code: number): string {
    let text = this.#failureText.get(code);
    if (text === undefined) {
      text = String(code);
      this.#failureText.set(code, text);
    }
    return text;
  }
}

/** The sim posts each planned update alone (decision 0009): its POSTs, all delivered, are its updates. */
export function onePostPerUpdate(stats: PlatformStats): PlatformStats {
  const { webhooks } = stats;
  webhooks.posts = webhooks.updates.messages ?? 0;
  for (const kind of ['sent', 'delivered', 'read', 'failed'] as const)
    webhooks.posts += webhooks.updates[kind] ?? 0;
  webhooks.delivered = webhooks.posts;
  return stats;
}
