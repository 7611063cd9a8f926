import { OP_KINDS, type OpKind } from './operation.js';

/**
 * The load a number of conversations implies, in the terms of traffic-profiles §4: messages,
 * operations, webhooks, bytes and billing. One type for every basis (per conversation, per
 * user-day, per second at the peak) so that tables and ratios treat them alike.
 */
export interface LoadFigures {
  readonly conversations: number;
  /** User → business messages (`inbound` ops). */
  readonly messagesIn: number;
  /** Business → user messages: `send` + `template` + `interactive`. */
  readonly messagesOut: number;
  readonly messagesTotal: number;
  readonly ops: Readonly<Record<OpKind, number>>;
  /** One messages webhook per inbound; sent + delivered + read statuses = 3 per outbound. */
  readonly webhooks: number;
  /** Message text, 1 byte per char (estimate: mostly ASCII). */
  readonly textBytes: number;
  /** Media content, counted once (the bot's fetch of an inbound media moves the same bytes). */
  readonly mediaBytes: number;
  /** API envelopes, estimate §4.3: ≈1.5 KB per inbound (webhook + mark-as-read), ≈3.5 KB per outbound. */
  readonly envelopeBytes: number;
  /** envelopes + text, §4.3's "platform bytes" (media apart). */
  readonly platformBytes: number;
  /** Templates opening a conversation outside a 24-hour window: billable utility messages. */
  readonly billableMessages: number;
  /** Every other business message: free service messages inside the window. */
  readonly freeMessages: number;
}

/** §4.3's envelope estimates. */
export const INBOUND_ENVELOPE_BYTES = 1_500;
export const OUTBOUND_ENVELOPE_BYTES = 3_500;
/** Sent, delivered and read status webhooks per outbound message. */
export const STATUS_WEBHOOKS_PER_OUTBOUND = 3;

/** What is counted per conversation; everything else follows from it. */
export interface ConversationTally {
  conversations: number;
  ops: Record<OpKind, number>;
  textChars: number;
  mediaBytes: number;
}

export function emptyTally(): ConversationTally {
  return {
    conversations: 0,
    ops: Object.fromEntries(OP_KINDS.map((kind) => [kind, 0])) as Record<OpKind, number>,
    textChars: 0,
    mediaBytes: 0,
  };
}

export function figuresOf(tally: ConversationTally): LoadFigures {
  const { ops } = tally;
  const messagesIn = ops.inbound;
  const messagesOut = ops.send + ops.template + ops.interactive;
  const envelopeBytes = messagesIn * INBOUND_ENVELOPE_BYTES + messagesOut * OUTBOUND_ENVELOPE_BYTES;
  return {
    conversations: tally.conversations,
    messagesIn,
    messagesOut,
    messagesTotal: messagesIn + messagesOut,
    ops: { ...ops },
    webhooks: messagesIn + STATUS_WEBHOOKS_PER_OUTBOUND * messagesOut,
    textBytes: tally.textChars,
    mediaBytes: tally.mediaBytes,
    envelopeBytes,
    platformBytes: envelopeBytes + tally.textChars,
    billableMessages: ops.template,
    freeMessages: messagesOut - ops.template,
  };
}

/** Every figure × factor (per conversation → per user-day → per second). */
export function scaleFigures(figures: LoadFigures, factor: number): LoadFigures {
  const scaled = (value: number): number => value * factor;
  return {
    conversations: scaled(figures.conversations),
    messagesIn: scaled(figures.messagesIn),
    messagesOut: scaled(figures.messagesOut),
    messagesTotal: scaled(figures.messagesTotal),
    ops: Object.fromEntries(OP_KINDS.map((kind) => [kind, scaled(figures.ops[kind])])) as Record<
      OpKind,
      number
    >,
    webhooks: scaled(figures.webhooks),
    textBytes: scaled(figures.textBytes),
    mediaBytes: scaled(figures.mediaBytes),
    envelopeBytes: scaled(figures.envelopeBytes),
    platformBytes: scaled(figures.platformBytes),
    billableMessages: scaled(figures.billableMessages),
    freeMessages: scaled(figures.freeMessages),
  };
}

/** Sum of figures (the shapes of a mix at one instant). */
export function addFigures(a: LoadFigures, b: LoadFigures): LoadFigures {
  const tally = emptyTally();
  for (const kind of OP_KINDS) tally.ops[kind] = a.ops[kind] + b.ops[kind];
  tally.conversations = a.conversations + b.conversations;
  tally.textChars = a.textBytes + b.textBytes;
  tally.mediaBytes = a.mediaBytes + b.mediaBytes;
  return figuresOf(tally);
}

/** The scalar figures by name, for tables and ratios (ops flattened as `ops.<kind>`). */
export function flattenFigures(figures: LoadFigures): [string, number][] {
  const { ops, ...scalars } = figures;
  return [
    ...Object.entries(scalars),
    ...OP_KINDS.map((kind): [string, number] => [`ops.${kind}`, ops[kind]]),
  ];
}
