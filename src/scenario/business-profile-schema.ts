import { type Static, Type } from '@sinclair/typebox';

/**
 * The business profile of a phone number (DFB/reference/whatsapp-business-phone-number/
 * business-profile-api): what `GET /{phone-number-id}/whatsapp_business_profile` shows and
 * its POST may change, with Meta's limits. One schema for the mock's config (`mock.businessProfile`)
 * and the update body.
 */
export const PROFILE_VERTICALS = [
  'UNDEFINED',
  'OTHER',
  'AUTO',
  'BEAUTY',
  'APPAREL',
  'EDU',
  'ENTERTAIN',
  'EVENT_PLAN',
  'FINANCE',
  'GROCERY',
  'GOVT',
  'HOTEL',
  'HEALTH',
  'NONPROFIT',
  'PROF_SERVICES',
  'RETAIL',
  'TRAVEL',
  'RESTAURANT',
  'ALCOHOL',
  'ONLINE_GAMBLING',
  'PHYSICAL_GAMBLING',
  'OTC_DRUGS',
] as const;

export const BusinessProfileFields = {
  about: Type.String({ minLength: 1, maxLength: 139 }),
  address: Type.String({ maxLength: 256 }),
  description: Type.String({ maxLength: 512 }),
  email: Type.String({ maxLength: 128, pattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' }),
  vertical: Type.Union(PROFILE_VERTICALS.map((v) => Type.Literal(v))),
  websites: Type.Array(Type.String({ maxLength: 256, pattern: '^https?://' }), { maxItems: 2 }),
  profile_picture_url: Type.String({ maxLength: 2048 }),
};

/** The profile a mock shows when its config says nothing (estimate: an invented travel business). */
export const BusinessProfileSchema = Type.Object(
  {
    about: Type.String({ ...BusinessProfileFields.about, default: 'Hi! We answer within minutes, 24/7.' }),
    address: Type.String({ ...BusinessProfileFields.address, default: '1 Example Street, Springfield' }),
    description: Type.String({
      ...BusinessProfileFields.description,
      default: 'Bookings, changes and refunds for Example Travel.',
    }),
    email: Type.String({ ...BusinessProfileFields.email, default: 'help@example.com' }),
    vertical: Type.Union(
      PROFILE_VERTICALS.map((v) => Type.Literal(v)),
      { default: 'TRAVEL' },
    ),
    websites: Type.Array(Type.String({ maxLength: 256, pattern: '^https?://' }), {
      maxItems: 2,
      default: ['https://www.example.com/'],
    }),
    profile_picture_url: Type.String({ maxLength: 2048, default: '' }),
  },
  { additionalProperties: false, default: {} },
);
export type BusinessProfile = Static<typeof BusinessProfileSchema>;

/** The body of `POST /{phone-number-id}/whatsapp_business_profile`. */
export const BusinessProfileUpdateSchema = Type.Object({
  messaging_product: Type.Literal('whatsapp'),
  about: Type.Optional(BusinessProfileFields.about),
  address: Type.Optional(BusinessProfileFields.address),
  description: Type.Optional(BusinessProfileFields.description),
  email: Type.Optional(BusinessProfileFields.email),
  vertical: Type.Optional(BusinessProfileFields.vertical),
  websites: Type.Optional(BusinessProfileFields.websites),
  profile_picture_handle: Type.Optional(Type.String({ maxLength: 2048 })),
  profile_picture_url: Type.Optional(BusinessProfileFields.profile_picture_url),
});
export type BusinessProfileUpdate = Static<typeof BusinessProfileUpdateSchema>;
