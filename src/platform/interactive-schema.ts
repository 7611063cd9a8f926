import { type Static, Type } from '@sinclair/typebox';

/**
 * The `interactive` object of a send, as one structural schema for every type Meta documents
 * (DFB/messages/interactive-*-messages, DFB/calling/call-button-messages-deep-links; the
 * 2026 request_contact_info as partners document it): field
 * shapes and the limits every type shares. The per-type rules (which fields a type needs,
 * its body limit, header kinds, counts across sections or cards) are interactive-rules.ts.
 */
export const INTERACTIVE_TYPES = [
  'button',
  'list',
  'cta_url',
  'flow',
  'location_request_message',
  'product',
  'product_list',
  'catalog_message',
  'carousel',
  'voice_call',
  'call_permission_request',
  'request_contact_info',
  'address_message',
] as const;
export type InteractiveType = (typeof INTERACTIVE_TYPES)[number];

export const MAX_REPLY_BUTTONS = 3;
export const MAX_LIST_ROWS = 10;
export const MAX_SECTIONS = 10;
export const MAX_PRODUCT_ITEMS = 30;
export const MAX_CAROUSEL_CARDS = 10;

const Str = (maxLength: number, minLength = 0) => Type.String({ maxLength, minLength });
const Text = (maxLength: number) => Type.Object({ text: Str(maxLength) });

const MediaRef = Type.Object({ id: Type.Optional(Str(256, 1)), link: Type.Optional(Str(2048, 1)) });

export const InteractiveHeaderSchema = Type.Object({
  type: Type.Union([
    Type.Literal('text'),
    Type.Literal('image'),
    Type.Literal('video'),
    Type.Literal('document'),
  ]),
  text: Type.Optional(Str(60)),
  image: Type.Optional(MediaRef),
  video: Type.Optional(MediaRef),
  document: Type.Optional(MediaRef),
});

const ReplyButton = Type.Object({
  type: Type.Literal('reply'),
  reply: Type.Object({ id: Str(256, 1), title: Str(20, 1) }),
});

const ListRow = Type.Object({ id: Str(200, 1), title: Str(24, 1), description: Type.Optional(Str(72)) });
const ProductItem = Type.Object({ product_retailer_id: Str(256, 1) });
/** A list section (rows) or a product-list section (product_items). */
const Section = Type.Object({
  title: Type.Optional(Str(24)),
  rows: Type.Optional(Type.Array(ListRow, { minItems: 1, maxItems: MAX_LIST_ROWS })),
  product_items: Type.Optional(Type.Array(ProductItem, { minItems: 1, maxItems: MAX_PRODUCT_ITEMS })),
});

/** `action.parameters` of cta_url, flow, voice_call, catalog_message, address_message. */
const ActionParameters = Type.Object({
  display_text: Type.Optional(Str(20, 1)),
  url: Type.Optional(Str(2000, 1)),
  flow_message_version: Type.Optional(Type.Literal('3')),
  flow_token: Type.Optional(Str(2048, 1)),
  flow_id: Type.Optional(Str(64, 1)),
  flow_name: Type.Optional(Str(200, 1)),
  flow_cta: Type.Optional(Str(20, 1)),
  flow_action: Type.Optional(Type.Union([Type.Literal('navigate'), Type.Literal('data_exchange')])),
  flow_action_payload: Type.Optional(
    Type.Object({ screen: Str(200, 1), data: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }),
  ),
  mode: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published')])),
  ttl_minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 43_200 })),
  payload: Type.Optional(Str(512)),
  thumbnail_product_retailer_id: Type.Optional(Str(256, 1)),
  country: Type.Optional(Str(2, 2)),
});

const CarouselQuickReply = Type.Object({
  type: Type.Literal('quick_reply'),
  quick_reply: Type.Object({ id: Str(256, 1), title: Str(20, 1) }),
});

const CarouselCard = Type.Object({
  card_index: Type.Integer({ minimum: 0, maximum: MAX_CAROUSEL_CARDS - 1 }),
  type: Type.Optional(Type.Literal('cta_url')),
  header: InteractiveHeaderSchema,
  body: Type.Optional(Text(160)),
  action: Type.Object({
    name: Type.Optional(Type.Literal('cta_url')),
    parameters: Type.Optional(ActionParameters),
    // estimate: Meta says "one or more"; two per card, as carousel templates allow.
    buttons: Type.Optional(Type.Array(CarouselQuickReply, { minItems: 1, maxItems: 2 })),
  }),
});

export const InteractiveActionSchema = Type.Object({
  name: Type.Optional(Str(64, 1)),
  buttons: Type.Optional(Type.Array(ReplyButton, { minItems: 1, maxItems: MAX_REPLY_BUTTONS })),
  button: Type.Optional(Str(20, 1)),
  sections: Type.Optional(Type.Array(Section, { minItems: 1, maxItems: MAX_SECTIONS })),
  catalog_id: Type.Optional(Str(64, 1)),
  product_retailer_id: Type.Optional(Str(256, 1)),
  parameters: Type.Optional(ActionParameters),
  cards: Type.Optional(Type.Array(CarouselCard, { minItems: 2, maxItems: MAX_CAROUSEL_CARDS })),
});

export const InteractiveObjectSchema = Type.Object({
  type: Type.Union(INTERACTIVE_TYPES.map((t) => Type.Literal(t))),
  header: Type.Optional(InteractiveHeaderSchema),
  // The largest body any type allows (list: 4,096); the per-type limit is in interactive-rules.ts.
  body: Type.Optional(Text(4096)),
  footer: Type.Optional(Text(60)),
  action: Type.Optional(InteractiveActionSchema),
});
export type InteractiveObject = Static<typeof InteractiveObjectSchema>;
export type InteractiveAction = Static<typeof InteractiveActionSchema>;
