import type { GeneralChatbotParams } from '../scenario/traffic-schema.js';
import { secondsToUs } from '../units.js';
import {
  addReply,
  addUserMessage,
  botBehaviourOf,
  ConversationDraft,
  countFrom,
  createMediaPicker,
  type ReplyPart,
  type ShapeGenerator,
  TYPING_CHARS_PER_SECOND,
} from './conversation-builder.js';
import { createSampler } from './distributions.js';
import { chunkEvenly, splitAtLimit } from './reply-splitting.js';

/**
 * A general-purpose AI chatbot on WhatsApp (traffic-profiles §2, §4.2). Turns per conversation
 * from the WildChat table [S4][S5]; a turn is 1–2 user messages (a follow-up is typed at 3.4 chars/s
 * [S23]) and one model answer, sent whole (no streaming on WhatsApp, §3.6) after
 * TTFT + (replyChars / charsPerToken) / tokensPerSecond [S8]. The answer leaves as one message
 * split only at the 4,096-char limit, or in paragraph chunks; which one is a property of the
 * bot (`replyStyle`), the same for every conversation of the scenario. An outbound image (1 %) rides on
 * the answer's first message as a media message with caption, so it adds bytes, not a message
 * (§4.2 counts 2.35 × 1.057 messages out).
 */
export function createGeneralChatbotShape(params: GeneralChatbotParams): ShapeGenerator {
  const turns = createSampler(params.turns);
  const messagesPerTurn = createSampler(params.userMessagesPerTurn);
  const userChars = createSampler(params.userMessageChars);
  const thinkSeconds = createSampler(params.thinkTimeSeconds);
  const ttftSeconds = createSampler(params.ttftSeconds);
  const tokensPerSecond = createSampler(params.tokensPerSecond);
  const replyChars = createSampler(params.replyChars);
  const imageBytes = createSampler(params.userMediaBytes.image);
  const pickMedia = createMediaPicker(params.userMedia, params.userMediaBytes);
  const bot = botBehaviourOf(params);
  const chunkChars = Math.min(params.chunkChars, params.maxTextChars);
  const splitsAtLimit = params.replyStyle === 'split';

  return (rng, start) => {
    const draft = new ConversationDraft('general-chatbot', start);
    const turnCount = countFrom(turns, rng);
    let atUs = start.startUs;
    for (let turn = 0; turn < turnCount && atUs < start.endUs; turn += 1) {
      const messages = countFrom(messagesPerTurn, rng);
      for (let m = 0; m < messages; m += 1) {
        const chars = countFrom(userChars, rng);
        if (m > 0) atUs += secondsToUs(chars / TYPING_CHARS_PER_SECOND);
        addUserMessage(draft, atUs, chars, pickMedia(rng), bot);
      }
      const reply = countFrom(replyChars, rng);
      const delaySeconds = ttftSeconds(rng) + reply / params.charsPerToken / tokensPerSecond(rng);
      const lengths = splitsAtLimit
        ? splitAtLimit(reply, params.maxTextChars)
        : chunkEvenly(reply, chunkChars);
      const parts: ReplyPart[] = lengths.map((chars) => ({ kind: 'send', chars }));
      if (rng.chance(params.outboundImageShare) && parts[0]) {
        parts[0] = { ...parts[0], image: { kind: 'image', bytes: Math.max(1, Math.round(imageBytes(rng))) } };
      }
      const lastUs = addReply(draft, bot, atUs + secondsToUs(delaySeconds), parts);
      atUs = lastUs + secondsToUs(thinkSeconds(rng));
    }
    return draft.build();
  };
}
