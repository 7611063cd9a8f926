import { type Static, Type } from '@sinclair/typebox';
import { InteractiveObjectSchema } from './interactive-schema.js';

/**
 * The body of `POST /{version}/{phone-number-id}/messages`, as one JSON schema: the mock
 * declares it on its route (compiled once by fastify) and the pure rules compile it too,
 * so there is one source of truth. Limits are §1.1 and §4.5 of the research file.
 * Rules a schema cannot say (≤10 list rows in total, id xor link…) are in request-rules.ts;
 * interactive messages have their own schema and rules (interactive-schema.ts, -rules.ts).
 */
export const TEXT_BODY_MAX_CHARS = 4096;
export const CAPTION_MAX_CHARS = 1024;

const Str = (maxLength: number, minLength = 0) => Type.String({ maxLength, minLength });

const MediaObject = Type.Object({
  id: Type.Optional(Str(256, 1)),
  link: Type.Optional(Str(2048, 1)),
  caption: Type.Optional(Str(CAPTION_MAX_CHARS)),
  filename: Type.Optional(Str(512)),
  voice: Type.Optional(Type.Boolean()),
});

const TextObject = Type.Object({
  body: Str(TEXT_BODY_MAX_CHARS, 1),
  preview_url: Type.Optional(Type.Boolean()),
});

/** A parameter of a template send: text, currency, date_time, media, or a button's payload/text. */
const TemplateParameter = Type.Object({
  type: Type.String({ minLength: 1 }),
  parameter_name: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  text: Type.Optional(Type.String({ maxLength: 32_768 })),
  payload: Type.Optional(Type.String({ maxLength: 1024 })),
  coupon_code: Type.Optional(Type.String({ maxLength: 20 })),
  currency: Type.Optional(
    Type.Object({ fallback_value: Type.String(), code: Type.String(), amount_1000: Type.Number() }),
  ),
  date_time: Type.Optional(Type.Object({ fallback_value: Type.String() })),
  image: Type.Optional(MediaObject),
  video: Type.Optional(MediaObject),
  document: Type.Optional(MediaObject),
  location: Type.Optional(Type.Object({ latitude: Type.Union([Type.Number(), Type.String()]) })),
  action: Type.Optional(Type.Object({ flow_token: Type.Optional(Type.String()) })),
});
export type TemplateSendParameter = Static<typeof TemplateParameter>;

const TemplateObject = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 512 }),
  language: Type.Object({
    code: Type.String({ minLength: 2, maxLength: 16 }),
    policy: Type.Optional(Type.String()),
  }),
  components: Type.Optional(
    Type.Array(
      Type.Object({
        type: Type.String({ minLength: 1 }),
        sub_type: Type.Optional(Type.String()),
        index: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
        parameters: Type.Optional(Type.Array(TemplateParameter)),
      }),
    ),
  ),
});
export type TemplateSend = Static<typeof TemplateObject>;

const Coordinate = Type.Union([Type.Number(), Type.String({ minLength: 1, maxLength: 32 })]);

export const MESSAGE_TYPES = [
  'text',
  'template',
  'interactive',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'reaction',
  'location',
  'contacts',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
export const MEDIA_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  'image',
  'audio',
  'video',
  'document',
  'sticker',
]);

/** The send's fields that hold a structure (object or array), which Graph also takes as JSON text. */
export const STRUCTURED_SEND_FIELDS = [
  'text',
  'template',
  'interactive',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'reaction',
  'location',
  'contacts',
  'context',
  'typing_indicator',
] as const;

export const SendMessageBodySchema = Type.Object({
  messaging_product: Type.Literal('whatsapp'),
  recipient_type: Type.Optional(Type.Union([Type.Literal('individual'), Type.Literal('group')])),
  to: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  type: Type.Optional(Type.Union(MESSAGE_TYPES.map((t) => Type.Literal(t)))),
  status: Type.Optional(Type.Literal('read')),
  message_id: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  typing_indicator: Type.Optional(Type.Object({ type: Type.Literal('text') })),
  context: Type.Optional(Type.Object({ message_id: Type.String({ minLength: 1 }) })),
  biz_opaque_callback_data: Type.Optional(Str(512)),
  text: Type.Optional(TextObject),
  template: Type.Optional(TemplateObject),
  interactive: Type.Optional(InteractiveObjectSchema),
  image: Type.Optional(MediaObject),
  audio: Type.Optional(MediaObject),
  video: Type.Optional(MediaObject),
  document: Type.Optional(MediaObject),
  sticker: Type.Optional(MediaObject),
  reaction: Type.Optional(Type.Object({ message_id: Type.String({ minLength: 1 }), emoji: Type.String() })),
  location: Type.Optional(
    Type.Object({
      latitude: Coordinate,
      longitude: Coordinate,
      name: Type.Optional(Type.String()),
      address: Type.Optional(Type.String()),
    }),
  ),
  contacts: Type.Optional(
    Type.Array(Type.Object({ name: Type.Object({ formatted_name: Type.String({ minLength: 1 }) }) }), {
      minItems: 1,
      maxItems: 257,
    }),
  ),
});
export type SendMessageBody = Static<typeof SendMessageBodySchema>;

/** Success answers, declared on the routes so fastify serialises them with a compiled stringifier. */
export const SendMessageResponseSchema = Type.Object({
  messaging_product: Type.Literal('whatsapp'),
  contacts: Type.Array(Type.Object({ input: Type.String(), wa_id: Type.String() })),
  messages: Type.Array(Type.Object({ id: Type.String(), message_status: Type.Optional(Type.String()) })),
});
export const SuccessResponseSchema = Type.Object({ success: Type.Boolean() });
