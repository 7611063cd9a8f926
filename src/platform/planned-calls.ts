import type { MediaKind, PlannedOp } from '../traffic/operation.js';
import { userKeyOf, waIdOf } from '../traffic/user-identity.js';

/**
 * A planned operation as a call on the platform, for both engines: who the user is (wa_id and
 * its numeric key), the ids the user side chooses (message and media ids, so a later
 * mark-as-read or media fetch can refer to them), the request body the live engine sends and,
 * without building it, its length for the sim. Bodies and lengths come from the same
 * templates, so they cannot drift apart.
 */
export { userKeyOf, waIdOf };

/** A conversation has fewer operations than this (its ops' `seq`); numeric keys pack (conversation, seq). */
export const MAX_OPS_PER_CONVERSATION = 4096;
const MEDIA_ID_BASE = 1e15;

export const userMessageIdOf = (conversationId: number, seq: number): string =>
  `wamid.CHATLOAD${conversationId}.${seq}`;
/** The sim's key of that message: a number, no string per operation. */
export const messageKeyOf = (conversationId: number, seq: number): number =>
  conversationId * MAX_OPS_PER_CONVERSATION + seq;
export const mediaKeyOf = (conversationId: number, seq: number): number =>
  MEDIA_ID_BASE + messageKeyOf(conversationId, seq);
export const mediaIdOf = (conversationId: number, seq: number): string =>
  String(mediaKeyOf(conversationId, seq));

export const MEDIA_MIME: Readonly<Record<MediaKind, string>> = {
  image: 'image/jpeg',
  voice: 'audio/ogg',
  document: 'application/pdf',
};
/** The message type a user's media is sent as. */
export const SIM_MEDIA_TYPE: Readonly<Record<MediaKind, 'image' | 'audio' | 'document'>> = {
  image: 'image',
  voice: 'audio',
  document: 'document',
};
/** The template the plans send (a utility template: booking changes, research §6). */
export const PLAN_TEMPLATE_NAME = 'booking_change_notice';
export const PLAN_TEMPLATE_LANGUAGE = 'en_US';

const FILLER = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. '
  .repeat(60)
  .slice(0, 4096);

/** `chars` characters of ASCII filler (at least one): message text needs no escaping. */
export function textOf(chars: number): string {
  if (chars <= FILLER.length) return FILLER.slice(0, Math.max(1, chars));
  return FILLER.repeat(Math.ceil(chars / FILLER.length)).slice(0, chars);
}

const textChars = (chars: number): number => Math.max(1, chars);
const templateChars = (op: PlannedOp): number => Math.min(op.chars || 24, 1024);
const interactiveChars = (op: PlannedOp): number => Math.min(Math.max(op.chars, 1), 1024);

/**
 * The JSON body of the call, or undefined for a GET (media fetch). The hot kinds are string
 * templates: every value is digits, an ASCII id or the ASCII filler, so nothing needs escaping
 * and no object tree is built per operation (a test pins them to JSON.stringify).
 */
export function requestBodyOf(op: PlannedOp, phoneNumberId: string): string | undefined {
  const to = waIdOf(op.userId);
  switch (op.kind) {
    case 'inbound': {
      const head = `{"phone_number_id":"${phoneNumberId}","from":"${to}","id":"${userMessageIdOf(op.conversationId, op.seq)}"`;
      return op.mediaKind === undefined
        ? `${head},"type":"text","text":{"body":"${textOf(op.chars)}"}}`
        : `${head},"type":"${SIM_MEDIA_TYPE[op.mediaKind]}","media":{"id":"${mediaIdOf(op.conversationId, op.seq)}","mime_type":"${MEDIA_MIME[op.mediaKind]}","file_size":${op.mediaBytes ?? 0}}}`;
    }
    case 'send':
      return `{"messaging_product":"whatsapp","recipient_type":"individual","to":"${to}","type":"text","text":{"preview_url":false,"body":"${textOf(op.chars)}"}}`;
    case 'read':
      return `{"messaging_product":"whatsapp","status":"read","message_id":"${userMessageIdOf(op.conversationId, op.refSeq ?? 0)}"}`;
    case 'typing':
      return `{"messaging_product":"whatsapp","status":"read","message_id":"${userMessageIdOf(op.conversationId, op.refSeq ?? 0)}","typing_indicator":{"type":"text"}}`;
    case 'template':
      return JSON.stringify({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to,
        type: 'template',
        template: {
          name: PLAN_TEMPLATE_NAME,
          language: { code: PLAN_TEMPLATE_LANGUAGE },
          components: [{ type: 'body', parameters: [{ type: 'text', text: textOf(templateChars(op)) }] }],
        },
      });
    case 'interactive':
      return JSON.stringify({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: textOf(interactiveChars(op)) },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'yes', title: 'Yes' } },
              { type: 'reply', reply: { id: 'no', title: 'No' } },
              { type: 'reply', reply: { id: 'agent', title: 'Talk to an agent' } },
            ],
          },
        },
      });
    case 'media':
      return undefined;
  }
}

/** The length of `requestBodyOf(op, …)` without building it: fixed parts measured once, holes added. */
export class RequestSizes {
  readonly #fixed: Readonly<Record<PlannedOp['kind'] | 'inboundMedia', number>>;
  readonly #waIdLength: number;

  constructor(phoneNumberId: string) {
    // A probe op with empty holes (1-char text, ids of known length) gives each template's fixed part.
    const probe: PlannedOp = {
      atUs: 0,
      kind: 'inbound',
      shape: 'general-chatbot',
      userId: 0,
      conversationId: 0,
      seq: 0,
      chars: 1,
      refSeq: 0,
    };
    const length = (op: PlannedOp) => requestBodyOf(op, phoneNumberId)?.length ?? 0;
    const id = userMessageIdOf(0, 0).length;
    this.#waIdLength = waIdOf(0).length;
    this.#fixed = {
      inbound: length(probe) - this.#waIdLength - id - 1,
      inboundMedia:
        length({ ...probe, mediaKind: 'image', mediaBytes: 0 }) -
        this.#waIdLength -
        id -
        mediaIdOf(0, 0).length -
        1 -
        MEDIA_MIME.image.length -
        SIM_MEDIA_TYPE.image.length,
      send: length({ ...probe, kind: 'send' }) - this.#waIdLength - 1,
      read: length({ ...probe, kind: 'read' }) - id,
      typing: length({ ...probe, kind: 'typing' }) - id,
      template: length({ ...probe, kind: 'template', chars: 1 }) - this.#waIdLength - 1,
      interactive: length({ ...probe, kind: 'interactive' }) - this.#waIdLength - 1,
      media: 0,
    };
  }

  /** Bytes of the request body (ASCII: characters = bytes). */
  bytesOf(op: PlannedOp): number {
    const f = this.#fixed;
    switch (op.kind) {
      case 'inbound': {
        const id = messageIdLength(op.conversationId, op.seq);
        if (op.mediaKind === undefined) return f.inbound + this.#waIdLength + id + textChars(op.chars);
        const bytes = op.mediaBytes ?? 0;
        return (
          f.inboundMedia +
          this.#waIdLength +
          id +
          digits(mediaKeyOf(op.conversationId, op.seq)) +
          digits(bytes) +
          MEDIA_MIME[op.mediaKind].length +
          SIM_MEDIA_TYPE[op.mediaKind].length
        );
      }
      case 'send':
        return f.send + this.#waIdLength + textChars(op.chars);
      case 'read':
      case 'typing':
        return (
          f[op.kind] + userMessageIdOf(0, 0).length - 2 + digits(op.conversationId) + digits(op.refSeq ?? 0)
        );
      case 'template':
        return f.template + this.#waIdLength + templateChars(op);
      case 'interactive':
        return f.interactive + this.#waIdLength + interactiveChars(op);
      case 'media':
        return 0;
    }
  }
}

const MESSAGE_ID_PREFIX_LENGTH = 'wamid.CHATLOAD.'.length;

/** `userMessageIdOf(…).length` without building the string. */
export const messageIdLength = (conversationId: number, seq: number): number => MESSAGE_ID_PREFIX_LENGTH + digits(conversationId) + digits(seq);
/** `mediaIdOf(…).length` without building the string. */
export const mediaIdLength = (conversationId: number, seq: number): number => digits(mediaKeyOf(conversationId, seq));

/** Decimal digits of a non-negative integer. */
export function digits(n: number): number {
  let count = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) count += 1;
  return count;
}
