import type { Clock } from '../clock.js';
import { unixSecondsText } from '../units.js';
import { GRAPH_ERRORS } from './error-catalogue.js';
import type { Pricing } from './pricing.js';
import { emptyOutboundPlan, type OutboundPlan, type WebhookPlanner } from './webhook-plan.js';
import {
  type InboundMessage,
  inboundMessageChange,
  type MessageStatus,
  type NumberMetadata,
  type StatusError,
  statusChange,
  type WebhookChange,
} from './webhook-payloads.js';
import type { WebhookUpdateKind } from './platform-stats.js';

/**
 * The webhook plan as timed JSON changes, for the HTTP face: each update is built when it is
 * due on the clock and handed to the sink with its origin time (the user's message reaching
 * the platform, or the business message's acceptance), so delay from origin can be measured.
 */
export type WebhookSink = (change: WebhookChange, originUs: number, kind: WebhookUpdateKind) => void;

export interface OutboundMessage {
  readonly metadata: NumberMetadata;
  readonly wamid: string;
  readonly recipientId: string;
  readonly pricing: Pricing;
  readonly statusesOnlySent: boolean;
  readonly bizOpaqueCallbackData?: string;
}

export class WebhookFanout {
  readonly #planner: WebhookPlanner;
  readonly #clock: Clock;
  readonly #epochMsAt: (nowUs: number) => number;
  readonly #sink: WebhookSink;

  constructor(
    planner: WebhookPlanner,
    clock: Clock,
    epochMsAt: (nowUs: number) => number,
    sink: WebhookSink,
  ) {
    this.#planner = planner;
    this.#clock = clock;
    this.#epochMsAt = epochMsAt;
    this.#sink = sink;
  }

  /** A user message accepted; its update leaves after `releaseUs` (the quota queue) plus the modelled delay. */
  inbound(
    metadata: NumberMetadata,
    profileName: string,
    message: InboundMessage,
    originUs: number,
    releaseUs: number,
  ): void {
    const nowUs = this.#clock.nowUs();
    const dueUs = Math.max(nowUs, releaseUs) + this.#planner.inboundDelayUs();
    this.#clock.afterUs(dueUs - nowUs, () =>
      this.#sink(
        inboundMessageChange(metadata, profileName, { ...message, timestamp: this.#timestamp() }),
        originUs,
        'messages',
      ),
    );
  }

  /** A business message accepted now: sent, then delivered or failed, then maybe read. */
  outbound(message: OutboundMessage, marketing: boolean): void {
    const plan: OutboundPlan = emptyOutboundPlan();
    this.#planner.planOutbound(plan, message.statusesOnlySent, marketing);
    const originUs = this.#clock.nowUs();
    const at = (afterUs: number, status: MessageStatus['status'], extra: Partial<MessageStatus>) =>
      this.#clock.afterUs(afterUs, () =>
        this.#sink(statusChange(message.metadata, this.#status(message, status, extra)), originUs, status),
      );
    at(plan.sentAfterUs, 'sent', { pricing: message.pricing });
    if (plan.deliveredAfterUs >= 0) at(plan.deliveredAfterUs, 'delivered', { pricing: message.pricing });
    if (plan.failedAfterUs >= 0)
      at(plan.failedAfterUs, 'failed', { errors: [statusError(plan.failureCode)] });
    if (plan.readAfterUs >= 0) at(plan.readAfterUs, 'read', {});
  }

  #status(
    message: OutboundMessage,
    status: MessageStatus['status'],
    extra: Partial<MessageStatus>,
  ): MessageStatus {
    return {
      id: message.wamid,
      status,
      timestamp: this.#timestamp(),
      recipient_id: message.recipientId,
      ...extra,
      ...(message.bizOpaqueCallbackData === undefined
        ? {}
        : { biz_opaque_callback_data: message.bizOpaqueCallbackData }),
    };
  }

  #timestamp(): string {
    return unixSecondsText(this.#epochMsAt(this.#clock.nowUs()));
  }
}

/** Meta's error object of a `failed` status, from the catalogue. */
export function statusError(code: number): StatusError {
  const spec = (GRAPH_ERRORS as Record<number, { title: string; details: string } | undefined>)[code];
  const title = spec?.title ?? 'Message failed';
  return { code, title, message: title, error_data: { details: spec?.details ?? title } };
}
