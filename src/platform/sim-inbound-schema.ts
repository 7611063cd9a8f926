import { type Static, Type } from '@sinclair/typebox';

/**
 * The end user's side of the platform, `POST /_sim/messages` — the contract the load generator
 * uses to play a user's message. Keep it exactly: the load generator depends on these names.
 */
export const SimInboundBodySchema = Type.Object({
  phone_number_id: Type.String({ minLength: 1, maxLength: 64 }),
  from: Type.String({ pattern: '^[0-9]{5,20}$' }),
  id: Type.String({ pattern: '^wamid\\.', minLength: 7, maxLength: 256 }),
  type: Type.Union([
    Type.Literal('text'),
    Type.Literal('image'),
    Type.Literal('audio'),
    Type.Literal('document'),
  ]),
  text: Type.Optional(Type.Object({ body: Type.String({ maxLength: 65_536 }) })),
  media: Type.Optional(
    Type.Object({
      id: Type.String({ minLength: 1, maxLength: 256 }),
      mime_type: Type.String({ minLength: 1, maxLength: 128 }),
      file_size: Type.Integer({ minimum: 0, maximum: 100 * 1024 * 1024 }),
    }),
  ),
  profile_name: Type.Optional(Type.String({ maxLength: 256 })),
});
export type SimInboundBody = Static<typeof SimInboundBodySchema>;

export const SimInboundResponseSchema = Type.Object({
  messages: Type.Array(Type.Object({ id: Type.String() })),
  media_id: Type.Optional(Type.String()),
});
