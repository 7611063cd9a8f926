import { TypeCompiler } from '@sinclair/typebox/compiler';
import { type SimInboundBody, SimInboundBodySchema } from './sim-inbound-schema.js';
import type { InboundMedia, InboundMessage } from './webhook-payloads.js';

/**
 * A simulated user's message (`/_sim/messages`) as the platform reads it: the part its type
 * must carry, and the `messages` webhook entry it becomes, in Meta's shapes (research §5.3;
 * DFB/webhooks/reference/messages). Pure: the caller supplies the timestamp and the media hash.
 */
export const MEDIA_INBOUND_TYPES: ReadonlySet<string> = new Set([
  'image',
  'audio',
  'document',
  'video',
  'sticker',
]);

const compiledInbound = TypeCompiler.Compile(SimInboundBodySchema);

/** A parsed `/_sim/messages` body checked against its schema (compiled once), or the first problem. */
export function checkSimInbound(
  body: unknown,
): { readonly ok: true; readonly body: SimInboundBody } | { readonly ok: false; readonly details: string } {
  if (compiledInbound.Check(body)) return { ok: true, body };
  const first = compiledInbound.Errors(body).First();
  return { ok: false, details: first ? `${first.path || '/'}: ${first.message}` : 'Invalid request body.' };
}

/** What is missing for the message's type, or undefined. */
export function simInboundProblem(body: SimInboundBody): string | undefined {
  const { type } = body;
  if (MEDIA_INBOUND_TYPES.has(type))
    return body.media === undefined ? `media is required for type ${type}.` : undefined;
  switch (type) {
    case 'text':
      return body.text === undefined ? 'text.body is required for type text.' : undefined;
    case 'interactive': {
      const reply = body.interactive;
      if (reply === undefined) return 'interactive is required for type interactive.';
      return reply[reply.type] === undefined ? `interactive.${reply.type} is required.` : undefined;
    }
    case 'button':
    case 'location':
    case 'contacts':
    case 'reaction':
      return body[type] === undefined ? `${type} is required for type ${type}.` : undefined;
    default:
      return undefined;
  }
}

export interface InboundContext {
  readonly timestamp: string;
  /** SHA-256 of the user's media, when the message carries media. */
  readonly mediaSha256?: string;
  /** The business's display number, the `from` of a reply's context. */
  readonly businessNumber: string;
}

/** The webhook entry of a message that passed `simInboundProblem`. */
export function inboundWebhookMessage(body: SimInboundBody, context: InboundContext): InboundMessage {
  const base = {
    from: body.from,
    id: body.id,
    timestamp: context.timestamp,
    type: body.type,
    ...(body.context === undefined ? {} : { context: { from: context.businessNumber, id: body.context.id } }),
  };
  const { type } = body;
  if (MEDIA_INBOUND_TYPES.has(type))
    return { ...base, [type]: inboundMedia(body, context.mediaSha256 ?? '') };
  switch (type) {
    case 'text':
      return { ...base, text: { body: body.text?.body ?? '' } };
    case 'interactive':
      return body.interactive === undefined ? base : { ...base, interactive: body.interactive };
    case 'button':
      return body.button === undefined ? base : { ...base, button: body.button };
    case 'location':
      return body.location === undefined ? base : { ...base, location: body.location };
    case 'contacts':
      return body.contacts === undefined ? base : { ...base, contacts: body.contacts };
    case 'reaction':
      return body.reaction === undefined ? base : { ...base, reaction: body.reaction };
    default:
      return base;
  }
}

function inboundMedia(body: SimInboundBody, sha256: string): InboundMedia {
  const media = body.media;
  const own = { id: media?.id ?? '', mime_type: media?.mime_type ?? '', sha256 };
  switch (body.type) {
    case 'audio':
      return { ...own, voice: true };
    case 'sticker':
      return { ...own, animated: media?.animated ?? false };
    case 'document':
      return {
        ...own,
        ...(media?.filename === undefined ? {} : { filename: media.filename }),
        ...(media?.caption === undefined ? {} : { caption: media.caption }),
      };
    default:
      return media?.caption === undefined ? own : { ...own, caption: media.caption };
  }
}
