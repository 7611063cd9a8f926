import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { OpKind } from '../traffic/operation.js';
import { interactiveProblem } from './interactive-rules.js';
import { MEDIA_MESSAGE_TYPES, type SendMessageBody, SendMessageBodySchema } from './message-schema.js';

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

const compiledBody = TypeCompiler.Compile(SendMessageBodySchema);

export type CheckedSend =
  | { readonly ok: true; readonly body: SendMessageBody; readonly intent: SendIntent }
  | { readonly ok: false; readonly details: string };

/**
 * Schema and rules together, on any parsed body: the one validation of a send, for the mock
 * and for engines without HTTP. The schema is TypeBox's compiled check (string limits counted
 * in UTF-16 units, as JavaScript clients count them); the first problem is the (#100)'s details.
 */
export function checkSendBody(body: unknown): CheckedSend {
  if (!compiledBody.Check(body)) {
    const first = compiledBody.Errors(body).First();
    return { ok: false, details: first ? `${first.path || '/'}: ${first.message}` : 'Invalid request body.' };
  }
  const rules = applySendRules(body);
  return rules.ok ? { ok: true, body, intent: rules.intent } : rules;
}

/** Schema and rules together, without the typed body (tests, the sim). */
export function validateSendBody(body: unknown): RuleResult {
  const checked = checkSendBody(body);
  return checked.ok ? { ok: true, intent: checked.intent } : checked;
}
