import type { PlannedOp } from '../traffic/operation.js';
import { waIdOf } from '../traffic/user-identity.js';
import type { TargetIdentity } from './protocol.js';

/**
 * Turns a planned operation into the HTTP request the real parties would make: the user's
 * side goes to the mock's /_sim/ surface, the business's side is the Cloud API (Graph) call,
 * in the request shapes of shared/research/whatsapp-api.md §1.
 */
export interface BuiltRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body: string | undefined;
  /** A second request made after the first succeeds (media: metadata, then download). */
  readonly followUrlFromJson?: 'url';
}

const FILLER = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. '
  .repeat(60)
  .slice(0, 4096);
const MIME: Record<string, string> = { image: 'image/jpeg', voice: 'audio/ogg', document: 'application/pdf' };
const SIM_TYPE: Record<string, string> = { image: 'image', voice: 'audio', document: 'document' };

/** One definition of a user's phone number, shared with the webhook receiver (which inverts it). */
export { waIdOf };
/** Message ids are chosen by the load generator so later ops (mark-as-read) can refer to them. */
export const userMessageIdOf = (conversationId: number, seq: number): string =>
  `wamid.CHATLOAD${conversationId}.${seq}`;
export const mediaIdOf = (conversationId: number, seq: number): string =>
  `${9_000_000_000 + conversationId * 100 + seq}`;

export function textOf(chars: number): string {
  if (chars <= FILLER.length) return FILLER.slice(0, Math.max(1, chars));
  return FILLER.repeat(Math.ceil(chars / FILLER.length)).slice(0, chars);
}

/**
 * The hot kinds (user message, text reply, read, typing) are written as JSON by string
 * templates: every value is digits, an ASCII id or the ASCII filler, so nothing needs escaping,
 * and no object tree is built and stringified per operation. A test pins them to JSON.stringify.
 */
export function buildRequest(op: PlannedOp, target: TargetIdentity): BuiltRequest {
  const messagesPath = `/${target.graphVersion}/${target.phoneNumberId}/messages`;
  const to = waIdOf(op.userId);
  switch (op.kind) {
    case 'inbound': {
      const head = `{"phone_number_id":"${target.phoneNumberId}","from":"${to}","id":"${userMessageIdOf(op.conversationId, op.seq)}"`;
      const body =
        op.mediaKind === undefined
          ? `${head},"type":"text","text":{"body":"${textOf(op.chars)}"}}`
          : `${head},"type":"${SIM_TYPE[op.mediaKind]}","media":{"id":"${mediaIdOf(op.conversationId, op.seq)}","mime_type":"${MIME[op.mediaKind]}","file_size":${op.mediaBytes ?? 0}}}`;
      return { method: 'POST', path: '/_sim/messages', body };
    }
    case 'send':
      return {
        method: 'POST',
        path: messagesPath,
        body: `{"messaging_product":"whatsapp","recipient_type":"individual","to":"${to}","type":"text","text":{"preview_url":false,"body":"${textOf(op.chars)}"}}`,
      };
    case 'read':
      return {
        method: 'POST',
        path: messagesPath,
        body: `{"messaging_product":"whatsapp","status":"read","message_id":"${userMessageIdOf(op.conversationId, op.refSeq ?? 0)}"}`,
      };
    case 'typing':
      return {
        method: 'POST',
        path: messagesPath,
        body: `{"messaging_product":"whatsapp","status":"read","message_id":"${userMessageIdOf(op.conversationId, op.refSeq ?? 0)}","typing_indicator":{"type":"text"}}`,
      };
    case 'template':
      return post(messagesPath, {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to,
        type: 'template',
        template: {
          name: 'booking_change_notice',
          language: { code: 'en_US' },
          components: [
            { type: 'body', parameters: [{ type: 'text', text: textOf(Math.min(op.chars || 24, 1024)) }] },
          ],
        },
      });
    case 'interactive':
      return post(messagesPath, {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: textOf(Math.min(Math.max(op.chars, 1), 1024)) },
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
      return {
        method: 'GET',
        path: `/${target.graphVersion}/${mediaIdOf(op.conversationId, op.refSeq ?? 0)}`,
        body: undefined,
        followUrlFromJson: 'url',
      };
  }
}

function post(path: string, payload: unknown): BuiltRequest {
  return { method: 'POST', path, body: JSON.stringify(payload) };
}
