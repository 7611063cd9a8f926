import type { ShapeName } from '../vocabulary.js';

export type { ShapeName } from '../vocabulary.js';

export { OP_KINDS, type OpKind } from '../vocabulary.js';
import type { OpKind } from '../vocabulary.js';

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
