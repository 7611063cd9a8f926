import type { Distribution } from '../scenario/distribution-schema.js';
import { msToUs } from '../units.js';
import { createSampler, type Sampler } from './distributions.js';
import type { MediaKind, OpKind, PlannedOp, ShapeName } from './operation.js';
import type { Rng } from './rng.js';

/**
 * What both shapes share when turning a conversation into timed operations: a draft that
 * collects ops in any order and emits them sorted with `seq` and `refSeq` fixed up, the user
 * side of a message (inbound, media fetch, read/typing) and a reply sent as several messages.
 */

/** Mobile typing 36.2 WPM [S23] ≈ 3.4 chars/s: the gap before a user's follow-up message in one turn. */
export const TYPING_CHARS_PER_SECOND = 3.4;

/** Where one conversation starts; ops at or after `endUs` (the run's duration) are dropped. */
export interface ConversationStart {
  readonly conversationId: number;
  readonly userId: number;
  readonly startUs: number;
  readonly endUs: number;
}

/** A shape: one conversation's ops from its own RNG, ascending atUs. */
export type ShapeGenerator = (rng: Rng, start: ConversationStart) => PlannedOp[];

interface DraftOp {
  readonly atUs: number;
  readonly kind: OpKind;
  readonly chars: number;
  /** Index in the draft of the op this one refers to, −1 for none. */
  readonly ref: number;
  readonly mediaKind: MediaKind | undefined;
  readonly mediaBytes: number | undefined;
}

export class ConversationDraft {
  readonly #ops: DraftOp[] = [];
  readonly #shape: ShapeName;
  readonly #start: ConversationStart;

  constructor(shape: ShapeName, start: ConversationStart) {
    this.#shape = shape;
    this.#start = start;
  }

  /** Adds an op (time rounded to whole µs) and returns its draft index, for `ref`. */
  add(atUs: number, kind: OpKind, chars: number, ref = -1, mediaKind?: MediaKind, mediaBytes?: number): number {
    this.#ops.push({ atUs: Math.round(atUs), kind, chars, ref, mediaKind, mediaBytes });
    return this.#ops.length - 1;
  }

  /** The ops due before the end, ascending atUs (ties in the order added), numbered 0, 1, 2, … */
  build(): PlannedOp[] {
    const order = this.#ops.map((_, i) => i).filter((i) => (this.#ops[i] as DraftOp).atUs < this.#start.endUs);
    order.sort((a, b) => (this.#ops[a] as DraftOp).atUs - (this.#ops[b] as DraftOp).atUs || a - b);
    const seqOfDraft = new Map<number, number>();
    order.forEach((draftIndex, seq) => {
      seqOfDraft.set(draftIndex, seq);
    });
    return order.map((draftIndex, seq) => {
      const op = this.#ops[draftIndex] as DraftOp;
      const planned: {
        -readonly [K in keyof PlannedOp]: PlannedOp[K];
      } = {
        atUs: op.atUs,
        kind: op.kind,
        shape: this.#shape,
        userId: this.#start.userId,
        conversationId: this.#start.conversationId,
        seq,
        chars: op.chars,
      };
      if (op.mediaKind !== undefined) planned.mediaKind = op.mediaKind;
      if (op.mediaBytes !== undefined) planned.mediaBytes = op.mediaBytes;
      const refSeq = op.ref >= 0 ? seqOfDraft.get(op.ref) : undefined;
      if (refSeq !== undefined) planned.refSeq = refSeq;
      return planned;
    });
  }
}

export interface MediaShares {
  readonly image?: number;
  readonly voice?: number;
  readonly document?: number;
}

export interface MediaSizes {
  readonly image: Distribution;
  readonly voice: Distribution;
  readonly document: Distribution;
}

export interface Media {
  readonly kind: MediaKind;
  readonly bytes: number;
}

const MEDIA_KINDS: readonly MediaKind[] = ['image', 'voice', 'document'];

/** A user message's media: a categorical draw over the shares (the rest is text), then a size. */
export function createMediaPicker(shares: MediaShares, sizes: MediaSizes): (rng: Rng) => Media | undefined {
  const samplers: Record<MediaKind, Sampler> = {
    image: createSampler(sizes.image),
    voice: createSampler(sizes.voice),
    document: createSampler(sizes.document),
  };
  const cumulative = MEDIA_KINDS.map((kind) => shares[kind] ?? 0).map(
    (_, i, all) => all.slice(0, i + 1).reduce((a, b) => a + b, 0),
  );
  const any = (cumulative[cumulative.length - 1] ?? 0) > 0;
  return (rng) => {
    if (!any) return undefined;
    const u = rng.nextDouble();
    const index = cumulative.findIndex((c) => u < c);
    if (index < 0) return undefined;
    const kind = MEDIA_KINDS[index] as MediaKind;
    return { kind, bytes: Math.max(1, Math.round(samplers[kind](rng))) };
  };
}

/** What the bot does with each user message and how fast: scenario parameters (traffic-schema.ts). */
export interface BotBehaviour {
  readonly markAsRead: boolean;
  readonly typingIndicator: boolean;
  /** Webhook → mark-as-read (+ typing). */
  readonly typingDelayUs: number;
  /** Webhook → media metadata GET and download. */
  readonly mediaFetchDelayUs: number;
  /** Between the messages of one reply. */
  readonly replyPartGapUs: number;
}

export function botBehaviourOf(params: {
  readonly markAsRead: boolean;
  readonly typingIndicator: boolean;
  readonly typingDelayMs: number;
  readonly mediaFetchDelayMs: number;
  readonly replyPartGapMs: number;
}): BotBehaviour {
  return {
    markAsRead: params.markAsRead,
    typingIndicator: params.typingIndicator,
    typingDelayUs: msToUs(params.typingDelayMs),
    mediaFetchDelayUs: msToUs(params.mediaFetchDelayMs),
    replyPartGapUs: msToUs(params.replyPartGapMs),
  };
}

/**
 * A user message: the inbound op (media messages carry no text), the bot's media fetch when it
 * has media, and mark-as-read with typing (or a bare read, or nothing). Returns the inbound's index.
 */
export function addUserMessage(
  draft: ConversationDraft,
  atUs: number,
  chars: number,
  media: Media | undefined,
  bot: BotBehaviour,
): number {
  const inbound = draft.add(atUs, 'inbound', media ? 0 : chars, -1, media?.kind, media?.bytes);
  if (media) draft.add(atUs + bot.mediaFetchDelayUs, 'media', 0, inbound, media.kind, media.bytes);
  if (bot.markAsRead) draft.add(atUs + bot.typingDelayUs, bot.typingIndicator ? 'typing' : 'read', 0, inbound);
  return inbound;
}

/** One business message of a reply: text (`send`) or buttons/list (`interactive`), optionally an image. */
export interface ReplyPart {
  readonly kind: 'send' | 'interactive';
  readonly chars: number;
  readonly image?: Media;
}

/** Sends the parts `bot.replyPartGapUs` apart from `firstAtUs`; returns when the last one leaves. */
export function addReply(draft: ConversationDraft, bot: BotBehaviour, firstAtUs: number, parts: readonly ReplyPart[]): number {
  let atUs = firstAtUs;
  parts.forEach((part, i) => {
    atUs = firstAtUs + i * bot.replyPartGapUs;
    draft.add(atUs, part.kind, part.chars, -1, part.image?.kind, part.image?.bytes);
  });
  return atUs;
}

/** A count drawn from a distribution given as reals: rounded, at least `min`. */
export const countFrom = (sampler: Sampler, rng: Rng, min = 1): number => Math.max(min, Math.round(sampler(rng)));
