import { type Static, Type } from '@sinclair/typebox';

/**
 * The end user's side of the platform, `POST /_sim/messages` — the contract the load generator
 * uses to play a user's message. Keep the existing names exactly: the load generator depends on
 * them. Each type carries the part its webhook carries (research §5.3; DFB/webhooks/reference/
 * messages): `text`, `media` (image, audio, document, video, sticker), `interactive` (a button
 * or list reply, or a Flow's nfm_reply), `button` (a template's quick reply), `location`,
 * `contacts`, `reaction`; `context` names the business message a reply answers.
 */
export const SIM_INBOUND_TYPES = [
  'text',
  'image',
  'audio',
  'document',
  'video',
  'sticker',
  'interactive',
  'button',
  'location',
  'contacts',
  'reaction',
] as const;
export type SimInboundType = (typeof SIM_INBOUND_TYPES)[number];

const Str = (maxLength: number, minLength = 0) => Type.String({ maxLength, minLength });

const ReplyPick = Type.Object({ id: Str(256, 1), title: Str(24, 1), description: Type.Optional(Str(72)) });

const SimInteractive = Type.Object({
  type: Type.Union([Type.Literal('button_reply'), Type.Literal('list_reply'), Type.Literal('nfm_reply')]),
  button_reply: Type.Optional(ReplyPick),
  list_reply: Type.Optional(ReplyPick),
  nfm_reply: Type.Optional(
    Type.Object({
      response_json: Str(65_536, 2),
      body: Type.Optional(Str(256)),
      name: Type.Optional(Str(64)),
    }),
  ),
});

const SimContact = Type.Object({
  name: Type.Object({
    formatted_name: Str(256, 1),
    first_name: Type.Optional(Str(256)),
    last_name: Type.Optional(Str(256)),
  }),
  phones: Type.Optional(
    Type.Array(
      Type.Object({ phone: Str(64, 1), wa_id: Type.Optional(Str(20)), type: Type.Optional(Str(32)) }),
      { maxItems: 20 },
    ),
  ),
  emails: Type.Optional(
    Type.Array(Type.Object({ email: Str(256, 1), type: Type.Optional(Str(32)) }), { maxItems: 20 }),
  ),
});

export const SimInboundBodySchema = Type.Object({
  phone_number_id: Type.String({ minLength: 1, maxLength: 64 }),
  from: Type.String({ pattern: '^[0-9]{5,20}$' }),
  id: Type.String({ pattern: '^wamid\\.', minLength: 7, maxLength: 256 }),
  type: Type.Union(SIM_INBOUND_TYPES.map((t) => Type.Literal(t))),
  text: Type.Optional(Type.Object({ body: Type.String({ maxLength: 65_536 }) })),
  media: Type.Optional(
    Type.Object({
      id: Type.String({ minLength: 1, maxLength: 256 }),
      mime_type: Type.String({ minLength: 1, maxLength: 128 }),
      file_size: Type.Integer({ minimum: 0, maximum: 100 * 1024 * 1024 }),
      caption: Type.Optional(Str(1024)),
      filename: Type.Optional(Str(512)),
      animated: Type.Optional(Type.Boolean()),
    }),
  ),
  interactive: Type.Optional(SimInteractive),
  button: Type.Optional(Type.Object({ payload: Str(1024), text: Str(256) })),
  location: Type.Optional(
    Type.Object({
      latitude: Type.Number({ minimum: -90, maximum: 90 }),
      longitude: Type.Number({ minimum: -180, maximum: 180 }),
      name: Type.Optional(Str(1024)),
      address: Type.Optional(Str(1024)),
      url: Type.Optional(Str(2048)),
    }),
  ),
  contacts: Type.Optional(Type.Array(SimContact, { minItems: 1, maxItems: 257 })),
  /** The message reacted to and the emoji (empty: the reaction is removed). */
  reaction: Type.Optional(Type.Object({ message_id: Str(256, 1), emoji: Str(32) })),
  /** The business message this one answers (button and list replies carry it). */
  context: Type.Optional(Type.Object({ id: Str(256, 1) })),
  profile_name: Type.Optional(Type.String({ maxLength: 256 })),
});
export type SimInboundBody = Static<typeof SimInboundBodySchema>;

export const SimInboundResponseSchema = Type.Object({
  messages: Type.Array(Type.Object({ id: Type.String() })),
  media_id: Type.Optional(Type.String()),
});
