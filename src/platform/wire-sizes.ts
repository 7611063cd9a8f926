import type { MediaKind, PlannedOp } from '../traffic/operation.js';
import { ErrorCatalogue } from './error-catalogue.js';
import { digits, mediaIdLength, mediaIdOf, MEDIA_MIME, messageIdLength, SIM_MEDIA_TYPE, userMessageIdOf, waIdOf } from './planned-calls.js';
import type { Pricing } from './pricing.js';
import { serializeWebhookBody } from './webhook-signature.js';
import { inboundMessageChange, statusChange, webhookEnvelope, type InboundMessage, type MessageStatus } from './webhook-payloads.js';
import { statusError } from './webhook-fanout.js';

/**
 * Bytes on the wire that the sim counts without building any JSON: the platform's answer to a
 * call and each webhook POST body. Each size is measured once, at construction, on the same
 * builders the HTTP face uses (webhook payloads) or the same shapes it answers with, with
 * probe values; per call only the variable parts (ids, text) are added. Tests pin them to the
 * mock's real bytes.
 */
const WAMID_PROBE = 'wamid.HBgL00000000000000';
const SHA256_PROBE = '0'.repeat(64);
const TIMESTAMP_PROBE = '1768471200';

export class WireSizes {
  readonly #answer: Readonly<Record<'inbound' | 'inboundMedia' | 'message' | 'read' | 'mediaMeta', number>>;
  readonly #errors = new Map<number, number>();
  readonly #catalogue: ErrorCatalogue;
  /** Per pricing (a frozen constant per category and type) and status; failures by code apart. */
  readonly #status = new Map<Pricing, Map<string, number>>();
  readonly #failed = new Map<number, number>();
  readonly #inboundText: number;
  readonly #inboundMedia: Readonly<Record<MediaKind, number>>;
  readonly #wabaId: string;
  readonly #metadata: { readonly display_phone_number: string; readonly phone_number_id: string };

  constructor(phoneNumberId: string, displayPhoneNumber: string, wabaId: string, httpStatus: Readonly<Record<string, number>> = {}) {
    this.#catalogue = new ErrorCatalogue(httpStatus);
    this.#wabaId = wabaId;
    this.#metadata = { display_phone_number: displayPhoneNumber, phone_number_id: phoneNumberId };
    const wa = waIdOf(0);
    const id0 = userMessageIdOf(0, 0);
    const json = (value: unknown) => JSON.stringify(value).length;
    this.#answer = {
      inbound: json({ messages: [{ id: id0 }] }) - id0.length,
      inboundMedia: json({ messages: [{ id: id0 }], media_id: mediaIdOf(0, 0) }) - id0.length - mediaIdOf(0, 0).length,
      message: json({ messaging_product: 'whatsapp', contacts: [{ input: wa, wa_id: wa }], messages: [{ id: WAMID_PROBE }] }),
      read: json({ success: true }),
      // GET /{media-id}: url, mime, sha256, size text and id; the URL's host part is the mock's own (≈ 30 chars on loopback).
      mediaMeta: json({ messaging_product: 'whatsapp', url: `http://127.0.0.1:40000/whatsapp_business/attachments/?mid=${mediaIdOf(0, 0)}&ext=bin&hash=${SHA256_PROBE.slice(0, 16)}`, mime_type: '', sha256: SHA256_PROBE, file_size: '', id: mediaIdOf(0, 0) }) - 2 * mediaIdOf(0, 0).length,
    };
    const inbound = (message: InboundMessage) => this.#envelopeBytes(inboundMessageChange(this.#metadata, 'User 0000', message));
    const base = { from: wa, id: id0, timestamp: TIMESTAMP_PROBE };
    this.#inboundText = inbound({ ...base, type: 'text', text: { body: 'x' } }) - id0.length - 1;
    const mediaSize = (kind: MediaKind) => {
      const type = SIM_MEDIA_TYPE[kind];
      const media = { id: mediaIdOf(0, 0), mime_type: MEDIA_MIME[kind], sha256: SHA256_PROBE, ...(type === 'audio' ? { voice: true } : {}) };
      return inbound({ ...base, type, [type]: media } as InboundMessage) - id0.length - mediaIdOf(0, 0).length;
    };
    this.#inboundMedia = { image: mediaSize('image'), voice: mediaSize('voice'), document: mediaSize('document') };
  }

  /** Bytes of the platform's answer to a call that succeeded. */
  answerBytes(op: PlannedOp, fileBytes: number): number {
    switch (op.kind) {
      case 'inbound':
        return op.mediaKind === undefined
          ? this.#answer.inbound + messageIdLength(op.conversationId, op.seq)
          : this.#answer.inboundMedia + messageIdLength(op.conversationId, op.seq) + mediaIdLength(op.conversationId, op.seq);
      case 'read':
      case 'typing':
        return this.#answer.read;
      case 'media':
        return this.#answer.mediaMeta + 2 * mediaIdLength(op.conversationId, op.refSeq ?? 0) + MEDIA_MIME[op.mediaKind ?? 'image'].length + digits(fileBytes) + fileBytes;
      default:
        return this.#answer.message;
    }
  }

  /** Bytes of the Graph error envelope for a refusal with the catalogue's wording. */
  errorBytes(code: number): number {
    let bytes = this.#errors.get(code);
    if (bytes === undefined) {
      bytes = JSON.stringify(this.#catalogue.error(code).body).length;
      this.#errors.set(code, bytes);
    }
    return bytes;
  }

  /** Bytes of the POST carrying a user message's `messages` update (one update per POST). */
  inboundUpdateBytes(op: PlannedOp): number {
    const id = messageIdLength(op.conversationId, op.seq);
    if (op.mediaKind === undefined) return this.#inboundText + id + Math.max(1, op.chars);
    return this.#inboundMedia[op.mediaKind] + id + mediaIdLength(op.conversationId, op.seq);
  }

  /** Bytes of the POST carrying one status update. */
  statusUpdateBytes(status: MessageStatus['status'], pricing: Pricing, failureCode: number): number {
    if (status === 'failed') {
      let bytes = this.#failed.get(failureCode);
      if (bytes === undefined) {
        bytes = this.#statusBytes(status, pricing, failureCode);
        this.#failed.set(failureCode, bytes);
      }
      return bytes;
    }
    let byStatus = this.#status.get(pricing);
    if (byStatus === undefined) {
      byStatus = new Map();
      this.#status.set(pricing, byStatus);
    }
    let bytes = byStatus.get(status);
    if (bytes === undefined) {
      bytes = this.#statusBytes(status, pricing, 0);
      byStatus.set(status, bytes);
    }
    return bytes;
  }

  #statusBytes(status: MessageStatus['status'], pricing: Pricing, failureCode: number): number {
    const value: MessageStatus = {
      id: WAMID_PROBE,
      status,
      timestamp: TIMESTAMP_PROBE,
      recipient_id: waIdOf(0),
      ...(status === 'sent' || status === 'delivered' ? { pricing } : {}),
      ...(status === 'failed' ? { errors: [statusError(failureCode)] } : {}),
    };
    return this.#envelopeBytes(statusChange(this.#metadata, value));
  }

  #envelopeBytes(change: ReturnType<typeof statusChange>): number {
    return Buffer.byteLength(serializeWebhookBody(webhookEnvelope(this.#wabaId, [change])));
  }
}

