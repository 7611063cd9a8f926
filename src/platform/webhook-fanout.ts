import type { Distribution } from '../scenario/distribution-schema.js';
import type { CapacityScheduler } from './capacity-model.js';
import { makeSampler, type Sampler, type Uniform01 } from './distribution-sampler.js';
import type { Pricing } from './pricing.js';
import {
  type InboundMessage,
  inboundMessageChange,
  type MessageStatus,
  type NumberMetadata,
  statusChange,
  unixSecondsText,
  type WebhookChange,
} from './webhook-payloads.js';

/**
 * What the platform tells the business's webhook (research §4.6, §5): a `messages` webhook per
 * user message; per business message `sent`, `delivered` and (usually) `read`, each after a delay
 * from the previous; `pricing` on `sent` and on `delivered`. Reactions get only `sent`.
 */
export interface FanoutSettings {
  readonly inboundDelayMs?: Distribution;
  readonly sentDelayMs?: Distribution;
  readonly deliveredDelayMs?: Distribution;
  readonly readDelayMs?: Distribution;
  readonly readProbability: number;
}

export const DEFAULT_DELAYS_MS = {
  inbound: { dist: 'constant', value: 5 },
  sent: { dist: 'constant', value: 20 },
  delivered: { dist: 'exponential', mean: 300 },
  read: { dist: 'exponential', mean: 3000 },
} as const satisfies Record<string, Distribution>;

export type WebhookSink = (change: WebhookChange) => void;

export interface OutboundMessage {
  readonly metadata: NumberMetadata;
  readonly wamid: string;
  readonly recipientId: string;
  readonly pricing: Pricing;
  readonly statusesOnlySent: boolean;
  readonly bizOpaqueCallbackData?: string;
}

export class WebhookFanout {
  private readonly inboundDelay: Sampler;
  private readonly sentDelay: Sampler;
  private readonly deliveredDelay: Sampler;
  private readonly readDelay: Sampler;

  constructor(
    private readonly settings: FanoutSettings,
    private readonly random: Uniform01,
    private readonly scheduler: CapacityScheduler,
    private readonly epochMsAt: (nowUs: number) => number,
    private readonly sink: WebhookSink,
  ) {
    this.inboundDelay = makeSampler(settings.inboundDelayMs ?? DEFAULT_DELAYS_MS.inbound, random);
    this.sentDelay = makeSampler(settings.sentDelayMs ?? DEFAULT_DELAYS_MS.sent, random);
    this.deliveredDelay = makeSampler(settings.deliveredDelayMs ?? DEFAULT_DELAYS_MS.delivered, random);
    this.readDelay = makeSampler(settings.readDelayMs ?? DEFAULT_DELAYS_MS.read, random);
  }

  inbound(metadata: NumberMetadata, profileName: string, message: InboundMessage): void {
    const change = inboundMessageChange(metadata, profileName, message);
    this.scheduler.after(msToUs(this.inboundDelay()), () => this.sink(change));
  }

  outbound(message: OutboundMessage): void {
    const sentAfterUs = msToUs(this.sentDelay());
    this.scheduler.after(sentAfterUs, () => {
      this.emitStatus(message, 'sent', true);
      if (message.statusesOnlySent) return;
      this.scheduler.after(msToUs(this.deliveredDelay()), () => {
        this.emitStatus(message, 'delivered', true);
        if (this.random() >= this.settings.readProbability) return;
        this.scheduler.after(msToUs(this.readDelay()), () => this.emitStatus(message, 'read', false));
      });
    });
  }

  private emitStatus(message: OutboundMessage, status: MessageStatus['status'], withPricing: boolean): void {
    const value: MessageStatus = {
      id: message.wamid,
      status,
      timestamp: unixSecondsText(this.epochMsAt(this.scheduler.nowUs())),
      recipient_id: message.recipientId,
      ...(withPricing ? { pricing: message.pricing } : {}),
      ...(message.bizOpaqueCallbackData === undefined
        ? {}
        : { biz_opaque_callback_data: message.bizOpaqueCallbackData }),
    };
    this.sink(statusChange(message.metadata, value));
  }
}

function msToUs(ms: number): number {
  return Math.max(0, ms) * 1000;
}
