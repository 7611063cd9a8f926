import type { ShapeName } from '../scenario/traffic-schema.js';

export type { ShapeName } from '../scenario/traffic-schema.js';

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

export type MediaKind = 'image' | 'voice' | 'document';

/** One operation of the plan, due at `atUs` after the run start. Plain data: the same seed gives the same ops. */
export interface PlannedOp {
  /** Intended time, µs after the run's start, on the run's monotonic clock. */
  readonly atUs: number;
  readonly kind: OpKind;
  readonly shape: ShapeName;
  /** Index of the user in the population, 0 ≤ userId < users. */
  readonly userId: number;
  /** Unique in the run whatever the worker count. */
  readonly conversationId: number;
  /** Position of this op in its conversation (0, 1, 2, …). */
  readonly seq: number;
  /** Text characters carried (message body), 0 when none. */
  readonly chars: number;
  /** For an inbound media message or a media fetch: what kind and how many bytes. */
  readonly mediaKind?: MediaKind;
  readonly mediaBytes?: number;
  /** For read / typing / media: `seq` of the inbound message it refers to. */
  readonly refSeq?: number;
}

/** A time-ordered stream of planned operations; `next()` returns undefined when the run's duration is exhausted. */
export interface OperationSource {
  next(): PlannedOp | undefined;
}
