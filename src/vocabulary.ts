/**
 * The names every room shares — traffic shapes and platform operation kinds — in one leaf
 * module, so the scenario loader (the ground floor) and the traffic models both use them
 * without importing each other.
 */

export const SHAPE_NAMES = ['customer-service', 'general-chatbot'] as const;
export type ShapeName = (typeof SHAPE_NAMES)[number];

/**
 * Platform operations a conversation is made of. `inbound` is the user's message into the
 * platform (the end user's side of the mock, /_sim/); the rest are the business's Cloud-API calls.
 */
export const OP_KINDS = [
  'inbound', // user → platform (text or media), opens the 24-hour window, triggers the messages webhook
  'send', // business text reply (split at 4,096 chars or chunked)
  'read', // mark-as-read of the user's message
  'typing', // mark-as-read + typing indicator
  'template', // business-initiated utility template (opens a customer-service conversation)
  'interactive', // buttons / list message
  'media', // the bot fetching a user's media (GET /{media-id} + download)
] as const;
export type OpKind = (typeof OP_KINDS)[number];
