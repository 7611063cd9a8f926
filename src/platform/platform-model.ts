import type { MockSettings } from '../scenario/mock-schema.js';
import { BoundedMap } from './bounded-map.js';
import { type CapacityScheduler, CapacityModel } from './capacity-model.js';
import { seededUniform } from './distribution-sampler.js';
import { ErrorCatalogue, type PlatformError } from './error-catalogue.js';
import { MediaRegistry } from './media-registry.js';
import type { SendMessageBody } from './message-schema.js';
import {
  countPricing,
  emptyPricingCounts,
  type PricingCounts,
  priceMessage,
  type TemplateCategory,
} from './pricing.js';
import { type GcraLimiter, pairRateLimiter, throughputLimiter } from './rate-limiters.js';
import { applySendRules, opKindOf } from './request-rules.js';
import { ServiceWindows } from './service-window.js';
import type { SimInboundBody } from './sim-inbound-schema.js';
import { WebhookFanout, type WebhookSink } from './webhook-fanout.js';
import type { InboundMessage, NumberMetadata } from './webhook-payloads.js';

/**
 * The platform as a pure, clock-injected model: what it answers to one business send or one
 * user message, and what it tells the webhook afterwards. The mock puts it behind HTTP; the
 * virtual-time engine can drive it directly with an event-heap scheduler.
 */
export interface PlatformOptions {
  readonly scheduler: CapacityScheduler;
  /** Wall-clock ms at a given `nowUs`, for webhook timestamps (default: Date.now() at start + elapsed). */
  readonly epochMsAt?: (nowUs: number) => number;
  /** Where webhook changes go; without one, no webhook is planned (and nothing is spent on it). */
  readonly webhookSink?: WebhookSink;
}

export type PlatformAnswer =
  | {
      readonly ok: true;
      readonly opKind: string;
      readonly body: object;
      readonly queuedUs: number;
      readonly serviceUs: number;
    }
  | { readonly ok: false; readonly opKind: string; readonly error: PlatformError };
export type AnswerCallback = (answer: PlatformAnswer) => void;

interface InboundRecord {
  readonly phoneNumberId: string;
  readonly from: string;
}

const SUCCESS = Object.freeze({ success: true });
const PRUNE_EVERY = 10_000;

export class PlatformModel {
  readonly errors: ErrorCatalogue;
  readonly capacity: CapacityModel;
  readonly media: MediaRegistry;
  readonly pricing: PricingCounts = emptyPricingCounts();
  private readonly numbers: ReadonlyMap<string, NumberMetadata>;
  private readonly throughput: GcraLimiter;
  private readonly pairRate: GcraLimiter;
  private readonly windows: ServiceWindows;
  private readonly inboundMessages: BoundedMap<string, InboundRecord>;
  private readonly fanout: WebhookFanout | undefined;
  private readonly wamidPrefix: string;
  private readonly epochMsAt: (nowUs: number) => number;
  private wamidCounter = 0;
  private inboundCount = 0;

  constructor(
    private readonly settings: MockSettings,
    private readonly options: PlatformOptions,
  ) {
    this.errors = new ErrorCatalogue(settings.errorHttpStatus);
    this.capacity = new CapacityModel(settings.capacity, options.scheduler);
    this.media = new MediaRegistry(settings.maxTrackedMessages, settings.maxStoredMediaBytes);
    const ids = [settings.phoneNumberId, ...settings.extraPhoneNumberIds];
    this.numbers = new Map(
      ids.map((id) => [id, { display_phone_number: settings.displayPhoneNumber, phone_number_id: id }]),
    );
    this.throughput = throughputLimiter(settings.throughputPerSecond);
    this.pairRate = pairRateLimiter(settings.pairRate.intervalSeconds, settings.pairRate.burst);
    this.windows = new ServiceWindows(settings.serviceWindowHours);
    this.inboundMessages = new BoundedMap(settings.maxTrackedMessages);
    const startUs = options.scheduler.nowUs();
    const startEpochMs = Date.now();
    const epochMsAt = options.epochMsAt ?? ((nowUs: number) => startEpochMs + (nowUs - startUs) / 1000);
    this.epochMsAt = epochMsAt;
    this.fanout =
      options.webhookSink === undefined
        ? undefined
        : new WebhookFanout(
            settings.webhooks,
            seededUniform(settings.capacity.seed + 1),
            options.scheduler,
            epochMsAt,
            options.webhookSink,
          );
    this.wamidPrefix = `wamid.HBgL${settings.phoneNumberId.slice(-6)}`;
  }

  knowsNumber(phoneNumberId: string): boolean {
    return this.numbers.has(phoneNumberId);
  }

  unknownNumber(phoneNumberId: string): PlatformError {
    return this.errors.error(100, {
      subcode: 33,
      title: `Unsupported post request. Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
      details: `Unknown phone number id ${phoneNumberId}.`,
    });
  }

  /** A business call to /messages whose body already matched SendMessageBodySchema. */
  send(phoneNumberId: string, body: SendMessageBody, payloadBytes: number, answer: AnswerCallback): void {
    const metadata = this.numbers.get(phoneNumberId);
    if (metadata === undefined) {
      answer({ ok: false, opKind: 'send', error: this.unknownNumber(phoneNumberId) });
      return;
    }
    const rules = applySendRules(body);
    if (!rules.ok) {
      answer({ ok: false, opKind: 'send', error: this.errors.error(100, { details: rules.details }) });
      return;
    }
    const intent = rules.intent;
    const opKind = opKindOf(intent);
    const nowUs = this.options.scheduler.nowUs();
    const refuse = (code: number, details?: string) =>
      answer({ ok: false, opKind, error: this.errors.error(code, details === undefined ? {} : { details }) });

    if (intent.kind === 'read') {
      const record = this.inboundMessages.get(intent.messageId);
      if (record === undefined || record.phoneNumberId !== phoneNumberId) {
        refuse(100, `Unknown message_id ${intent.messageId}.`);
        return;
      }
      if (!this.capacity.canAdmit()) {
        refuse(this.settings.capacity.overloadCode);
        return;
      }
      this.capacity.submit(opKind, payloadBytes, (o) => answer({ ok: true, opKind, body: SUCCESS, ...o }));
      return;
    }
    const pairKey = ServiceWindows.pairKey(phoneNumberId, intent.waId);
    const windowOpen = this.windows.isOpen(pairKey, nowUs);
    const isTemplate = intent.type === 'template';
    if (!isTemplate && !windowOpen && this.settings.enforceServiceWindow) {
      refuse(131047);
      return;
    }
    if (!this.capacity.canAdmit()) {
      refuse(this.settings.capacity.overloadCode);
      return;
    }
    if (this.settings.enforceThroughput && !this.throughput.tryTake(phoneNumberId, nowUs)) {
      refuse(130429);
      return;
    }
    if (this.settings.pairRate.enabled && !this.pairRate.tryTake(pairKey, nowUs)) {
      refuse(131056);
      return;
    }

    const wamid = this.nextWamid();
    const pricing = priceMessage(isTemplate, this.templateCategory(intent.templateName), windowOpen);
    countPricing(this.pricing, pricing);
    const response = {
      messaging_product: 'whatsapp',
      contacts: [{ input: intent.to, wa_id: intent.waId }],
      messages: [{ id: wamid }],
    };
    this.capacity.submit(opKind, payloadBytes, (o) => {
      this.fanout?.outbound({
        metadata,
        wamid,
        recipientId: intent.waId,
        pricing,
        statusesOnlySent: intent.type === 'reaction',
        ...(body.biz_opaque_callback_data === undefined
          ? {}
          : { bizOpaqueCallbackData: body.biz_opaque_callback_data }),
      });
      answer({ ok: true, opKind, body: response, ...o });
    });
  }

  /** A user's message into the platform (/_sim/messages), already matching SimInboundBodySchema. */
  inbound(body: SimInboundBody, payloadBytes: number, answer: AnswerCallback): void {
    const opKind = 'inbound';
    const metadata = this.numbers.get(body.phone_number_id);
    if (metadata === undefined) {
      answer({ ok: false, opKind, error: this.unknownNumber(body.phone_number_id) });
      return;
    }
    const bad = (details: string) =>
      answer({ ok: false, opKind, error: this.errors.error(100, { details }) });
    if (body.type === 'text' && body.text === undefined) {
      bad('text.body is required for type text.');
      return;
    }
    if (body.type !== 'text' && body.media === undefined) {
      bad(`media is required for type ${body.type}.`);
      return;
    }
    const nowUs = this.options.scheduler.nowUs();
    if (!this.capacity.canAdmit()) {
      answer({ ok: false, opKind, error: this.errors.error(this.settings.capacity.overloadCode) });
      return;
    }
    if (this.settings.enforceThroughput && !this.throughput.tryTake(body.phone_number_id, nowUs)) {
      answer({ ok: false, opKind, error: this.errors.error(130429) });
      return;
    }
    this.capacity.submit(opKind, payloadBytes, (o) => {
      const doneUs = this.options.scheduler.nowUs();
      this.inboundMessages.set(body.id, { phoneNumberId: body.phone_number_id, from: body.from });
      this.windows.open(ServiceWindows.pairKey(body.phone_number_id, body.from), doneUs);
      if (++this.inboundCount % PRUNE_EVERY === 0) this.windows.prune(doneUs);
      const media =
        body.media === undefined
          ? undefined
          : this.media.registerInbound(
              body.media.id,
              body.phone_number_id,
              body.media.mime_type,
              body.media.file_size,
            );
      this.fanout?.inbound(
        metadata,
        body.profile_name ?? `User ${body.from.slice(-4)}`,
        this.webhookMessage(body, media?.sha256, doneUs),
      );
      answer({
        ok: true,
        opKind,
        body: { messages: [{ id: body.id }], ...(media === undefined ? {} : { media_id: media.id }) },
        ...o,
      });
    });
  }

  /** Goes through the capacity model for work without its own rules (media GET, upload, download). */
  serve(opKind: string, payloadBytes: number, answer: (ok: boolean) => void): void {
    if (!this.capacity.submit(opKind, payloadBytes, () => answer(true))) answer(false);
  }

  overloadError(): PlatformError {
    return this.errors.error(this.settings.capacity.overloadCode);
  }

  get openWindows(): number {
    return this.windows.openPairs;
  }

  reset(): void {
    this.throughput.reset();
    this.pairRate.reset();
    this.windows.reset();
    this.inboundMessages.clear();
    this.media.clear();
    for (const entry of Object.values(this.pricing)) {
      entry.billable = 0;
      entry.free = 0;
    }
  }

  private templateCategory(name: string | undefined): TemplateCategory {
    return (
      (name === undefined ? undefined : this.settings.templateCategories[name]) ??
      this.settings.defaultTemplateCategory
    );
  }

  private nextWamid(): string {
    this.wamidCounter += 1;
    return `${this.wamidPrefix}${this.wamidCounter.toString(36).padStart(8, '0')}`;
  }

  private webhookMessage(body: SimInboundBody, sha256: string | undefined, nowUs: number): InboundMessage {
    const epochMs = this.epochMsAt(nowUs);
    const base = {
      from: body.from,
      id: body.id,
      timestamp: String(Math.floor(epochMs / 1000)),
      type: body.type,
    };
    if (body.type === 'text') return { ...base, text: { body: body.text?.body ?? '' } };
    const media = { id: body.media?.id ?? '', mime_type: body.media?.mime_type ?? '', sha256: sha256 ?? '' };
    return { ...base, [body.type]: body.type === 'audio' ? { ...media, voice: true } : media };
  }
}
