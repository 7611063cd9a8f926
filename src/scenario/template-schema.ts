import { type Static, Type } from '@sinclair/typebox';

/**
 * A message template as Meta's template API writes it (DFB/templates/overview; POST
 * /{waba-id}/message_templates): name, language, category and components whose texts hold the
 * `{{1}}` (positional) or `{{name}}` (named) placeholders the sends must fill. The mock's
 * registry is a list of these (`mock.templates`); its parameter counts come from the texts.
 * Component and format names are Meta's upper case; lower case is accepted as Meta does.
 */
const oneOf = (names: readonly string[]) =>
  Type.String({ pattern: `^(${names.flatMap((n) => [n, n.toLowerCase()]).join('|')})$` });

export const TEMPLATE_CATEGORIES = ['UTILITY', 'MARKETING', 'AUTHENTICATION'] as const;
export const TEMPLATE_STATUSES = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED'] as const;

const TemplateButtonSchema = Type.Object({
  type: oneOf([
    'QUICK_REPLY',
    'URL',
    'PHONE_NUMBER',
    'COPY_CODE',
    'OTP',
    'FLOW',
    'CATALOG',
    'MPM',
    'VOICE_CALL',
  ]),
  text: Type.Optional(Type.String({ maxLength: 25 })),
  url: Type.Optional(Type.String({ maxLength: 2000 })),
  phone_number: Type.Optional(Type.String({ maxLength: 20 })),
  otp_type: Type.Optional(oneOf(['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'])),
  example: Type.Optional(Type.Unknown()),
});

const TemplateComponentSchema = Type.Object({
  type: oneOf(['HEADER', 'BODY', 'FOOTER', 'BUTTONS']),
  format: Type.Optional(oneOf(['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'])),
  text: Type.Optional(Type.String({ maxLength: 1024 })),
  buttons: Type.Optional(Type.Array(TemplateButtonSchema, { maxItems: 10 })),
  example: Type.Optional(Type.Unknown()),
  add_security_recommendation: Type.Optional(Type.Boolean()),
  code_expiration_minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
});

export const TemplateDefinitionSchema = Type.Object({
  name: Type.String({ pattern: '^[a-z0-9_]{1,512}$' }),
  language: Type.String({ minLength: 2, maxLength: 16 }),
  category: oneOf(TEMPLATE_CATEGORIES),
  /** Only APPROVED templates can be sent (PAUSED → 132015, DISABLED → 132016, others → 132001). */
  status: Type.Optional(Type.Union(TEMPLATE_STATUSES.map((s) => Type.Literal(s)))),
  parameter_format: Type.Optional(oneOf(['POSITIONAL', 'NAMED'])),
  components: Type.Array(TemplateComponentSchema, { minItems: 1, maxItems: 10 }),
});
export type TemplateDefinition = Static<typeof TemplateDefinitionSchema>;

/**
 * The templates a mock knows when its config names none: Meta's sample `hello_world`, the
 * utility template the customer-service plan sends (`booking_change_notice`, one body
 * parameter), and one of each other kind a bot meets. estimate: names and texts are invented,
 * in the shapes Meta's pages show.
 */
export const DEFAULT_TEMPLATES: readonly TemplateDefinition[] = [
  {
    name: 'hello_world',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
      {
        type: 'BODY',
        text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.',
      },
      { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
    ],
  },
  {
    name: 'booking_change_notice',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'BODY', text: 'Your booking has changed: {{1}}. Reply to this message if you need help.' },
    ],
  },
  {
    name: 'order_update',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'BODY', text: 'Your order {{1}} is on its way.' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Talk to us' }] },
    ],
  },
  {
    name: 'spring_sale',
    language: 'en_US',
    category: 'MARKETING',
    components: [
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: 'Hi {{1}}, our spring sale starts today: {{2}} off everything.' },
      {
        type: 'BUTTONS',
        buttons: [{ type: 'URL', text: 'Shop now', url: 'https://shop.example.com/{{1}}' }],
      },
    ],
  },
  {
    name: 'login_code',
    language: 'en_US',
    category: 'AUTHENTICATION',
    components: [
      { type: 'BODY', add_security_recommendation: true },
      { type: 'FOOTER', code_expiration_minutes: 10 },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] },
    ],
  },
];
