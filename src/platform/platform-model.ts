import type { Clock } from '../clock.js';
import type { AnswerCallback, SendResponse } from './platform-answer.js';
import { BusinessAccount } from './business-account.js';
import type { MockSettings } from '../scenario/mock-schema.js';
import { unixSecondsText } from '../units.js';
import { ErrorCatalogue, type PlatformError } from './error-catalogue.js';
import { MediaDesk } from './media-desk.js';
import { type MediaRegistry, mediaSha256 } from './media-registry.js';
import { WEBHOOK_MEDIA_TTL_US } from './media-rules.js';
import type { SendMessageBody, TemplateSend } from './message-schema.js';
import { ACCEPTED, PlatformCore, type PlatformStreams, platformStreams } from './platform-core.js';
import type { PlatformStats } from './platform-stats.js';
import type { Pricing, TemplateCategory } from './pricing.js';
import { checkSendBody, opKindOf, type SendIntent } from './request-rules.js';
import { ScheduledCapacity, type ServiceOutcome } from './scheduled-capacity.js';
import { checkTemplateSend } from './template-rules.js';
import { checkSimInbound, inboundWebhookMessage, simInboundProblem } from './inbound-message.js';
import { WebhookFanout, type WebhookSink } from './webhook-fanout.js';
import type { NumberMetadata } from './webhook-payloads.js';

/**
 * The platform as the HTTP face sees it: request bodies in, Graph answers and webhook changes
 * out, ids as strings. Every decision is PlatformCore's; this adapter only translates (wa_id
 * text → numeric user key, wamids, response bodies) and runs capacity and webhooks on a Clock.
 */
export interface PlatformOptions {
  readonly clock: Clock;
  /** Wall-clock ms at a clock time, for webhook timestamps; the mock supplies it (wall time enters at the edge). */
  readonly epochMsAt: (nowUs: number) => number;
  /** Where webhook changes go; without one, no webhook is planned. */
  readonly webhookSink?: WebhookSink;
  /** Default: the streams of `settings.seed`, cluster 0. */
  readonly streams?: PlatformStreams;
}

const SUCCESS = Object.freeze({ success: true });

/** The platform's key of a user: the numeric value of the wa_id's digits (exact up to 15 digits). */
export const userKeyOfWaId = (waId: string): number => Number(waId);

export class PlatformModel {
  readonly core: PlatformCore;
  readonly errors: ErrorCatalogue;
  readonly capacity: ScheduledCapacity;
  /** The WABA's Graph nodes: phone numbers, business profiles, templates. */
  readonly account: BusinessAccount;
  /** Uploads, metadata, downloads and deletes under Meta's media rules. */
  readonly mediaDesk: MediaDesk;
  readonly #clock: Clock;
  readonly #metadata: readonly NumberMetadata[];
  readonly #fanout: WebhookFanout | undefined;
  readonly #wamidPrefix: string;
  readonly #epochMsAt: (nowUs: number) => number;
  #wamidCounter = 0;

  constructor(settings: MockSettings, options: PlatformOptions) {
    this.#clock = options.clock;
    this.core = new PlatformCore(
      settings,
      options.streams ?? platformStreams(settings.seed),
      options.clock.nowUs(),
    );
    this.errors = new ErrorCatalogue(settings.errorHttpStatus);
    this.capacity = new ScheduledCapacity(this.core.capacity, options.clock);
    this.account = new BusinessAccount(settings, this.core.templates);
    this.mediaDesk = new MediaDesk(this.core.media, options.clock);
    this.#metadata = this.core.phoneNumberIds.map((id) => ({
      display_phone_number: settings.displayPhoneNumber,
      phone_number_id: id,
    }));
    this.#epochMsAt = options.epochMsAt;
    this.#fanout =
      options.webhookSink === undefined
        ? undefined
        : new WebhookFanout(this.core.planner, options.clock, options.epochMsAt, options.webhookSink);
    this.#wamidPrefix = `wamid.HBgL${settings.phoneNumberId.slice(-6)}`;
  }

  get media(): MediaRegistry {
    return this.core.media;
  }

  knowsNumber(phoneNumberId: string): boolean {
    return this.core.numberIndexOf(phoneNumberId) >= 0;
  }

  /** Graph's answer for a number this platform does not serve (counted). */
  unknownNumber(phoneNumberId: string): PlatformError {
    this.core.refuse(100);
    return this.errors.error(100, {
      subcode: 33,
      title: `Unsupported post request. Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
      details: `Unknown phone number id ${phoneNumberId}.`,
    });
  }

  /** A refusal of the HTTP face itself (auth, version, body): counted like the core's. */
  refusal(code: number, options: Parameters<ErrorCatalogue['error']>[1] = {}): PlatformError {
    this.core.refuse(code);
    return this.errors.error(code, options);
  }

  /** A business call to /messages, its body as parsed (checked here: schema, then rules). */
  send(phoneNumberId: string, parsedBody: unknown, payloadBytes: number, answer: AnswerCallback): void {
    const core = this.core;
    const numberIndex = core.numberIndexOf(phoneNumberId);
    if (numberIndex < 0) {
      answer({ ok: false, opKind: 'send', error: this.unknownNumber(phoneNumberId) });
      return;
    }
    const checked = checkSendBody(parsedBody);
    if (!checked.ok) {
      answer({ ok: false, opKind: 'send', error: this.refusal(100, { details: checked.details }) });
      return;
    }
    const { body, intent } = checked;
    const opKind = opKindOf(intent);
    core.count(opKind);
    const refuse = (code: number, details?: string) =>
      answer({ ok: false, opKind, error: this.errors.error(code, details === undefined ? {} : { details }) });
    if (intent.kind === 'read') {
      const code = core.admitRead(numberIndex, intent.messageId);
      if (code === ACCEPTED)
        this.capacity.submit(opKind, payloadBytes, true, (o) =>
          answer({ ok: true, opKind, body: SUCCESS, ...o }),
        );
      else refuse(code, code === 100 ? `Unknown message_id ${intent.messageId}.` : undefined);
      return;
    }
    const isTemplate = intent.type === 'template';
    const template =
      isTemplate && body.template !== undefined ? this.#checkTemplate(body.template) : undefined;
    if (template !== undefined && !template.ok) {
      refuse(core.refuse(template.code), template.details);
      return;
    }
    const code = core.admitMessage(numberIndex, userKeyOfWaId(intent.waId), isTemplate, this.#clock.nowUs());
    if (code !== ACCEPTED) {
      refuse(code);
      return;
    }
    const category = template?.ok ? template.category : core.settings.defaultTemplateCategory;
    this.#accept(numberIndex, body, intent, opKind, core.price(isTemplate, category), payloadBytes, answer);
  }

  /** An admitted business message: its answer, then (after service) its status webhooks. */
  #accept(
    numberIndex: number,
    body: SendMessageBody,
    intent: Extract<SendIntent, { kind: 'message' }>,
    opKind: string,
    pricing: Pricing,
    payloadBytes: number,
    answer: AnswerCallback,
  ): void {
    const isTemplate = intent.type === 'template';
    const wamid = this.#nextWamid();
    const response: SendResponse = {
      messaging_product: 'whatsapp',
      contacts: [{ input: intent.to, wa_id: intent.waId }],
      // Template sends say whether Meta accepted them for pacing ("accepted"; research §2).
      messages: [isTemplate ? { id: wamid, message_status: 'accepted' } : { id: wamid }],
    };
    this.capacity.submit(opKind, payloadBytes, true, (o) => {
      this.#fanout?.outbound(
        {
          metadata: this.#metadata[numberIndex] as NumberMetadata,
          wamid,
          recipientId: intent.waId,
          pricing,
          statusesOnlySent: intent.type === 'reaction',
          ...(body.biz_opaque_callback_data === undefined
            ? {}
            : { bizOpaqueCallbackData: body.biz_opaque_callback_data }),
        },
        isTemplate && pricing.category === 'marketing',
      );
      answer({ ok: true, opKind, body: response, sent: response, ...o });
    });
  }

  /** A user's message into the platform (/_sim/messages), its body as parsed. Never refused by limits. */
  inbound(parsedBody: unknown, payloadBytes: number, answer: AnswerCallback): void {
    const opKind = 'inbound';
    const core = this.core;
    const checked = checkSimInbound(parsedBody);
    if (!checked.ok) {
      answer({ ok: false, opKind, error: this.refusal(100, { details: checked.details }) });
      return;
    }
    const { body } = checked;
    const numberIndex = core.numberIndexOf(body.phone_number_id);
    if (numberIndex < 0) {
      answer({ ok: false, opKind, error: this.unknownNumber(body.phone_number_id) });
      return;
    }
    const problem = simInboundProblem(body);
    if (problem !== undefined) {
      answer({ ok: false, opKind, error: this.refusal(100, { details: problem }) });
      return;
    }
    core.count(opKind);
    const arrivedUs = this.#clock.nowUs();
    const quotaWaitUs = core.inboundArrives(numberIndex, arrivedUs);
    this.capacity.submit(opKind, payloadBytes, false, (o: ServiceOutcome) => {
      const doneUs = this.#clock.nowUs();
      core.inboundServed(numberIndex, userKeyOfWaId(body.from), body.id, doneUs);
      const media =
        body.media === undefined
          ? undefined
          : core.media.registerInbound(
              body.media.id,
              body.phone_number_id,
              body.media.mime_type,
              body.media.file_size,
              doneUs + WEBHOOK_MEDIA_TTL_US,
            );
      if (quotaWaitUs >= 0) {
        this.#fanout?.inbound(
          this.#metadata[numberIndex] as NumberMetadata,
          body.profile_name ?? `User ${body.from.slice(-4)}`,
          inboundWebhookMessage(body, {
            timestamp: unixSecondsText(this.#epochMsAt(doneUs)),
            businessNumber: this.#metadata[numberIndex]?.display_phone_number ?? '',
            ...(media === undefined ? {} : { mediaSha256: mediaSha256(media) }),
          }),
          arrivedUs,
          arrivedUs + quotaWaitUs,
        );
      }
      answer({
        ok: true,
        opKind,
        body: { messages: [{ id: body.id }], ...(media === undefined ? {} : { media_id: String(media.id) }) },
        ...o,
      });
    });
  }

  /** Work without rules of its own (media metadata, download, upload) through capacity; `answer(false)` = overloaded (counted). */
  serve(
    opKind: string,
    payloadBytes: number,
    requestKind: string,
    answer: (ok: boolean, outcome?: ServiceOutcome) => void,
  ): void {
    this.core.count(requestKind);
    if (this.core.admitWork() !== ACCEPTED) {
      answer(false);
      return;
    }
    this.capacity.submit(opKind, payloadBytes, true, (o) => answer(true, o));
  }

  overloadError(): PlatformError {
    return this.errors.error(this.core.settings.capacity.overloadCode);
  }

  stats(): PlatformStats {
    return this.core.snapshot(this.#clock.nowUs());
  }

  reset(): void {
    this.core.reset();
    this.account.reset();
  }

  /** A template send against the registry (or, with enforcement off, its category by name). */
  #checkTemplate(
    send: TemplateSend,
  ): { ok: true; category: TemplateCategory } | { ok: false; code: number; details: string } {
    const core = this.core;
    if (!core.settings.enforceTemplates) return { ok: true, category: core.templateCategory(send.name) };
    const verdict = checkTemplateSend(core.templates, send);
    return verdict.ok ? { ok: true, category: verdict.template.category } : verdict;
  }

  #nextWamid(): string {
    this.#wamidCounter += 1;
    return `${this.#wamidPrefix}${this.#wamidCounter.toString(36).padStart(8, '0')}`;
  }
}
