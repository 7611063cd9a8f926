import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { OpKind } from '../traffic/operation.js';
import {
  MAX_LIST_ROWS,
  MEDIA_MESSAGE_TYPES,
  type SendMessageBody,
  SendMessageBodySchema,
} from './message-schema.js';

/** What a well-formed `/messages` body asks the platform to do. */
export type SendIntent =
  | { readonly kind: 'read'; readonly messageId: string; readonly typing: boolean }
  | {
      readonly kind: 'message';
      readonly type: NonNullable<SendMessageBody['type']>;
      readonly to: string;
      /** Digits of `to`: the recipient's wa_id. */
      readonly waId: string;
      readonly templateName?: string;
    };

export type RuleResult =
  | { readonly ok: true; readonly intent: SendIntent }
  | { readonly ok: false; readonly details: string };

/** The capacity-model operation kind a send intent is served as. */
export function opKindOf(intent: SendIntent): OpKind {
  if (intent.kind === 'read') return intent.typing ? 'typing' : 'read';
  if (intent.type === 'template') return 'template';
  if (intent.type === 'interactive') return 'interactive';
  return 'send';
}

const fail = (details: string): RuleResult => ({ ok: false, details });
const NON_DIGITS = /\D/g;

/**
 * The rules a JSON schema cannot express, applied to a body that already matches
 * SendMessageBodySchema (the mock's route validated it; `validateSendBody` does both).
 */
export function applySendRules(body: SendMessageBody): RuleResult {
  if (body.status !== undefined) {
    if (body.message_id === undefined) return fail('message_id is required when status is "read".');
    return {
      ok: true,
      intent: { kind: 'read', messageId: body.message_id, typing: body.typing_indicator !== undefined },
    };
  }
  if (body.typing_indicator !== undefined) return fail('typing_indicator is only valid with status "read".');
  const type = body.type ?? 'text';
  if (body.to === undefined) return fail('The parameter to is required.');
  const waId = body.to.replace(NON_DIGITS, '');
  if (waId.length < 5 || waId.length > 20) return fail(`Invalid recipient phone number: ${body.to}.`);
  const content = body[type];
  if (content === undefined) return fail(`Param ${type} is required for a message of type ${type}.`);
  if (MEDIA_MESSAGE_TYPES.has(type)) {
    const media = content as { id?: string; link?: string; caption?: string };
    if ((media.id === undefined) === (media.link === undefined))
      return fail(`Param ${type} must have exactly one of id or link.`);
    if ((type === 'audio' || type === 'sticker') && media.caption !== undefined)
      return fail(`Param ${type}.caption is not allowed.`);
  }
  if (type === 'interactive' && body.interactive !== undefined) {
    const problem = interactiveProblem(body.interactive);
    if (problem !== undefined) return fail(problem);
  }
  return {
    ok: true,
    intent: {
      kind: 'message',
      type,
      to: body.to,
      waId,
      ...(type === 'template' ? { templateName: body.template?.name } : {}),
    },
  };
}

function interactiveProblem(interactive: NonNullable<SendMessageBody['interactive']>): string | undefined {
  const { action } = interactive;
  if (interactive.type === 'button') {
    if (action.buttons === undefined)
      return 'Param interactive.action.buttons is required for a button message.';
    const titles = new Set(action.buttons.map((b) => b.reply.title));
    if (titles.size !== action.buttons.length) return 'Button titles must be unique.';
    return undefined;
  }
  if (action.sections === undefined || action.button === undefined)
    return 'A list message needs action.button and action.sections.';
  const rows = action.sections.reduce((sum, section) => sum + section.rows.length, 0);
  if (rows > MAX_LIST_ROWS)
    return `A list message may have at most ${MAX_LIST_ROWS} rows in total, got ${rows}.`;
  if (interactive.header !== undefined && interactive.header.type !== 'text')
    return 'A list message header must be of type text.';
  return undefined;
}

const compiledBody = TypeCompiler.Compile(SendMessageBodySchema);

/** Schema and rules together, for engines without fastify (the virtual-time sim). */
export function validateSendBody(body: unknown): RuleResult {
  if (!compiledBody.Check(body)) {
    const first = compiledBody.Errors(body).First();
    return fail(first ? `${first.path || '/'}: ${first.message}` : 'Invalid request body.');
  }
  return applySendRules(body);
}
