import type { CustomerServiceParams } from '../scenario/traffic-schema.js';
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
} from './conversation-builder.js';
import { createSampler } from './distributions.js';
import { splitAtLimit } from './reply-splitting.js';
import type { Rng } from './rng.js';

/**
 * A travel company's support number: bot first, human agents behind (traffic-profiles §1, §4.1).
 * - 70 % user-opened: the user writes n messages (1 + Geometric, mean 4.5); the bot greets,
 *   then either answers every message (60 %, 1.3 messages each: text + buttons/list) or hands
 *   over at once and a human answers every message (1.1 each) and closes. That is §4.1's
 *   arithmetic: out = 1 + n (0.6 × 1.3 + 0.4 × 1.1) + 0.4 × 2.
 * - 30 % template-opened (utility, billable): 30 % of them get a reply, 2 user messages each answered once.
 * The user's next message comes a think time after the last message of the reply, as a person would.
 */
export function createCustomerServiceShape(params: CustomerServiceParams): ShapeGenerator {
  const userMessages = createSampler(params.userMessages);
  const userChars = createSampler(params.userMessageChars);
  const thinkSeconds = createSampler(params.thinkTimeSeconds);
  const botReplySeconds = createSampler(params.botReplySeconds);
  const humanFirstSeconds = createSampler(params.humanFirstResponseSeconds);
  const humanReplySeconds = createSampler(params.humanReplySeconds);
  const replyChars = createSampler(params.replyChars);
  const pickMedia = createMediaPicker(params.userMedia, params.userMediaBytes);
  const bot = botBehaviourOf(params);

  const textParts = (rng: Rng): ReplyPart[] =>
    splitAtLimit(countFrom(replyChars, rng), params.maxTextChars).map((chars) => ({ kind: 'send', chars }));
  /** One answer to one user message: a text, then the extra (m − 1) messages as buttons/lists. */
  const answer = (rng: Rng, messagesPerUserMessage: number): ReplyPart[] => {
    const extra = messagesPerUserMessage - 1;
    const interactive = Math.floor(extra) + (rng.chance(extra - Math.floor(extra)) ? 1 : 0);
    const parts = textParts(rng);
    for (let i = 0; i < interactive; i += 1) parts.push({ kind: 'interactive', chars: countFrom(replyChars, rng) });
    return parts;
  };
  const userMessage = (rng: Rng, draft: ConversationDraft, atUs: number): void => {
    addUserMessage(draft, atUs, countFrom(userChars, rng), pickMedia(rng), bot);
  };

  return (rng, start) => {
    const draft = new ConversationDraft('customer-service', start);
    const { endUs } = start;
    if (!rng.chance(params.userOpenedShare)) {
      draft.add(start.startUs, 'template', countFrom(replyChars, rng));
      if (rng.chance(params.templateReplyRate)) {
        let atUs = start.startUs;
        for (let i = 0; i < 2 && atUs < endUs; i += 1) {
          atUs += secondsToUs(thinkSeconds(rng));
          userMessage(rng, draft, atUs);
          atUs = addReply(draft, bot, atUs + secondsToUs(botReplySeconds(rng)), textParts(rng));
        }
      }
      return draft.build();
    }

    const messages = countFrom(userMessages, rng);
    const botResolves = rng.chance(params.botResolvedShare);
    const handover = Math.max(0, params.handoverMessages);
    let atUs = start.startUs;
    let lastReplyUs = atUs;
    let sent = 0;
    for (; sent < messages && atUs < endUs; sent += 1) {
      userMessage(rng, draft, atUs);
      const botAtUs = atUs + secondsToUs(botReplySeconds(rng));
      if (sent === 0) {
        const opening: ReplyPart[] = params.greeting ? textParts(rng) : [];
        if (botResolves) {
          lastReplyUs = addReply(draft, bot, botAtUs, [...opening, ...answer(rng, params.botMessagesPerUserMessage)]);
        } else {
          // The bot greets and hands over at once; the human answers after the queue wait.
          if (handover > 0) opening.push(...textParts(rng));
          const handedOverUs = opening.length > 0 ? addReply(draft, bot, botAtUs, opening) : botAtUs;
          const humanAtUs = handedOverUs + secondsToUs(humanFirstSeconds(rng));
          lastReplyUs = addReply(draft, bot, humanAtUs, answer(rng, params.humanMessagesPerUserMessage));
        }
      } else if (botResolves) {
        lastReplyUs = addReply(draft, bot, botAtUs, answer(rng, params.botMessagesPerUserMessage));
      } else {
        lastReplyUs = addReply(draft, bot, atUs + secondsToUs(humanReplySeconds(rng)), answer(rng, params.humanMessagesPerUserMessage));
      }
      atUs = lastReplyUs + secondsToUs(thinkSeconds(rng));
    }
    // The agent's closing message(s): the hand-over messages after the first.
    if (!botResolves && sent === messages && handover > 1) {
      const closing = Array.from({ length: handover - 1 }, () => textParts(rng)).flat();
      addReply(draft, bot, lastReplyUs + secondsToUs(humanReplySeconds(rng)), closing);
    }
    return draft.build();
  };
}
