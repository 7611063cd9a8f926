import type { CustomerServiceParams, GeneralChatbotParams, ResolvedMixEntry } from '../scenario/traffic-schema.js';
import type { MediaShares, MediaSizes } from './conversation-builder.js';
import { meanOf } from './distributions.js';
import { type ConversationTally, emptyTally } from './load-figures.js';
import type { PlannedOp } from './operation.js';
import { expectedPartsPerReply } from './reply-splitting.js';

/**
 * Expected operations of one conversation, in closed form, for exactly the model that
 * customer-service.ts and general-chatbot.ts sample (same branches, same counts). Counts drawn
 * from a non-integer distribution are rounded by the shapes; the means here ignore that
 * rounding, which is exact for the default (integer) count distributions.
 */

/** Inbound-side expectations for `inbound` user messages: media ops and bytes, text, read/typing. */
function addUserSide(
  tally: ConversationTally,
  inbound: number,
  userChars: number,
  shares: MediaShares,
  sizes: MediaSizes,
  read: { markAsRead: boolean; typingIndicator: boolean },
): void {
  const mediaShare = (shares.image ?? 0) + (shares.voice ?? 0) + (shares.document ?? 0);
  const bytesPerMessage =
    (shares.image ?? 0) * meanOf(sizes.image) + (shares.voice ?? 0) * meanOf(sizes.voice) + (shares.document ?? 0) * meanOf(sizes.document);
  tally.ops.inbound += inbound;
  tally.ops.media += inbound * mediaShare;
  tally.mediaBytes += inbound * bytesPerMessage;
  // Media messages carry no text (conversation-builder.addUserMessage).
  tally.textChars += inbound * (1 - mediaShare) * userChars;
  if (read.markAsRead) tally.ops[read.typingIndicator ? 'typing' : 'read'] += inbound;
}

export function expectedCustomerServiceConversation(params: CustomerServiceParams): ConversationTally {
  const tally = emptyTally();
  tally.conversations = 1;
  const userOpened = params.userOpenedShare;
  const templateOpened = 1 - userOpened;
  const messages = meanOf(params.userMessages);
  const bot = params.botResolvedShare;
  const replyChars = meanOf(params.replyChars);
  const partsPerText = expectedPartsPerReply(params.replyChars, params.maxTextChars);
  const extraBot = params.botMessagesPerUserMessage - 1;
  const extraHuman = params.humanMessagesPerUserMessage - 1;

  // Text replies (each split at the limit into partsPerText sends, replyChars chars in all).
  const handover = Math.max(0, params.handoverMessages);
  const userOpenedTexts = (params.greeting ? 1 : 0) + messages + (1 - bot) * handover;
  const templateTexts = params.templateReplyRate * 2;
  const texts = userOpened * userOpenedTexts + templateOpened * templateTexts;
  const interactive = userOpened * messages * (bot * extraBot + (1 - bot) * extraHuman);
  const templates = templateOpened;
  tally.ops.send += texts * partsPerText;
  tally.ops.interactive += interactive;
  tally.ops.template += templates;
  tally.textChars += (texts + interactive + templates) * replyChars;

  const inbound = userOpened * messages + templateOpened * params.templateReplyRate * 2;
  addUserSide(tally, inbound, meanOf(params.userMessageChars), params.userMedia, params.userMediaBytes, params);
  return tally;
}

export function expectedGeneralChatbotConversation(params: GeneralChatbotParams): ConversationTally {
  const tally = emptyTally();
  tally.conversations = 1;
  const turns = meanOf(params.turns);
  const limitParts = expectedPartsPerReply(params.replyChars, params.maxTextChars);
  const chunkParts = expectedPartsPerReply(params.replyChars, Math.min(params.chunkChars, params.maxTextChars));
  tally.ops.send += turns * (params.replyStyle === 'split' ? limitParts : chunkParts);
  tally.textChars += turns * meanOf(params.replyChars);
  tally.mediaBytes += turns * params.outboundImageShare * meanOf(params.userMediaBytes.image);
  const inbound = turns * meanOf(params.userMessagesPerTurn);
  addUserSide(tally, inbound, meanOf(params.userMessageChars), params.userMedia, params.userMediaBytes, params);
  return tally;
}

export function expectedConversation(entry: ResolvedMixEntry): ConversationTally {
  return entry.shape === 'customer-service'
    ? expectedCustomerServiceConversation(entry.params)
    : expectedGeneralChatbotConversation(entry.params);
}

/** Adds one sampled conversation's ops to a tally (the sampled counterpart of the above). */
export function tallyOperations(tally: ConversationTally, ops: readonly PlannedOp[]): void {
  tally.conversations += 1;
  for (const op of ops) {
    tally.ops[op.kind] += 1;
    tally.textChars += op.chars;
    // Media content once: the inbound upload and an outbound image, not the bot's re-fetch.
    if (op.mediaBytes !== undefined && op.kind !== 'media') tally.mediaBytes += op.mediaBytes;
  }
}
