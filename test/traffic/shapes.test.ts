import { describe, expect, test } from 'vitest';
import type { ConversationStart } from '../../src/traffic/conversation-builder.js';
import { createCustomerServiceShape } from '../../src/traffic/customer-service.js';
import { createGeneralChatbotShape } from '../../src/traffic/general-chatbot.js';
import type { PlannedOp } from '../../src/traffic/operation.js';
import { createRng } from '../../src/traffic/rng.js';
import { msToUs, US_PER_SECOND } from '../../src/units.js';
import { customerServiceParams, generalChatbotParams } from './scenario-fixture.js';

const START: ConversationStart = { conversationId: 1, userId: 2, startUs: 1_000, endUs: Number.POSITIVE_INFINITY };
const many = (generate: (rng: ReturnType<typeof createRng>, s: ConversationStart) => PlannedOp[], n: number): PlannedOp[][] =>
  Array.from({ length: n }, (_, i) => generate(createRng(3, 9, i), START));
const outbound = (op: PlannedOp): boolean => op.kind === 'send' || op.kind === 'interactive' || op.kind === 'template';

describe('customer service', () => {
  const conversations = many(createCustomerServiceShape(customerServiceParams()), 2_000);

  test('opens with the user’s message or a template, at the arrival time', () => {
    for (const ops of conversations) {
      expect(['inbound', 'template']).toContain(ops[0]?.kind);
      expect(ops[0]?.atUs).toBe(START.startUs);
    }
    const templates = conversations.filter((ops) => ops[0]?.kind === 'template').length / conversations.length;
    expect(templates).toBeGreaterThan(0.25);
    expect(templates).toBeLessThan(0.35);
  });

  test('the user writes again only after the reply to the previous message, plus a think time', () => {
    for (const ops of conversations) {
      const inbound = ops.filter((op) => op.kind === 'inbound');
      for (let i = 1; i < inbound.length; i += 1) {
        const lastReplyBefore = ops.filter((op) => outbound(op) && op.atUs < inbound[i]!.atUs).at(-1);
        expect(lastReplyBefore).toBeDefined();
        expect(lastReplyBefore!.atUs).toBeGreaterThan(inbound[i - 1]!.atUs);
      }
    }
  });

  test('each user message is marked read with typing typingDelayMs (300 ms by default, estimate) after it arrives', () => {
    for (const ops of conversations.slice(0, 200)) {
      for (const typing of ops.filter((op) => op.kind === 'typing')) {
        expect(typing.atUs - ops[typing.refSeq!]!.atUs).toBe(msToUs(300));
      }
      expect(ops.filter((op) => op.kind === 'typing').length).toBe(ops.filter((op) => op.kind === 'inbound').length);
    }
  });

  test('typingIndicator off sends a bare read; markAsRead off sends neither', () => {
    const noTyping = many(createCustomerServiceShape(customerServiceParams({ typingIndicator: false })), 100).flat();
    expect(noTyping.some((op) => op.kind === 'typing')).toBe(false);
    expect(noTyping.filter((op) => op.kind === 'read').length).toBe(noTyping.filter((op) => op.kind === 'inbound').length);
    const noRead = many(createCustomerServiceShape(customerServiceParams({ markAsRead: false })), 100).flat();
    expect(noRead.some((op) => op.kind === 'typing' || op.kind === 'read')).toBe(false);
  });

  test('the bot timings are scenario parameters: typing, media fetch and the gap between reply parts', () => {
    const slow = many(createCustomerServiceShape(customerServiceParams({ typingDelayMs: 1_500, mediaFetchDelayMs: 900, replyPartGapMs: 2_000 })), 300);
    for (const ops of slow) {
      for (const op of ops.filter((o) => o.kind === 'typing')) expect(op.atUs - ops[op.refSeq!]!.atUs).toBe(msToUs(1_500));
      for (const op of ops.filter((o) => o.kind === 'media')) expect(op.atUs - ops[op.refSeq!]!.atUs).toBe(msToUs(900));
    }
    // Greeting + answer leave as one reply of several parts: consecutive business messages 2 s apart.
    const gaps = slow.flatMap((ops) => {
      const business = ops.filter(outbound);
      return business.slice(1).map((op, i) => op.atUs - business[i]!.atUs);
    });
    expect(gaps.filter((gap) => gap === msToUs(2_000)).length).toBeGreaterThan(100);
    expect(gaps).not.toContain(msToUs(400));
  });

  test('media messages carry no text and are fetched by the bot', () => {
    const media = conversations.flat().filter((op) => op.kind === 'inbound' && op.mediaKind !== undefined);
    expect(media.length).toBeGreaterThan(0);
    for (const op of media) {
      expect(op.chars).toBe(0);
      expect(op.mediaBytes).toBeLessThanOrEqual(op.mediaKind === 'image' ? 5_000_000 : op.mediaKind === 'voice' ? 16_000_000 : 100_000_000);
    }
    expect(conversations.flat().filter((op) => op.kind === 'media').length).toBe(media.length);
  });

  test('ops beyond the end of the run are dropped, the rest kept as they were', () => {
    const generate = createCustomerServiceShape(customerServiceParams());
    const whole = generate(createRng(3, 9, 1), START);
    const cutUs = whole[Math.floor(whole.length / 2)]!.atUs;
    const cut = generate(createRng(3, 9, 1), { ...START, endUs: cutUs });
    expect(cut).toEqual(whole.filter((op) => op.atUs < cutUs));
  });
});

describe('general chatbot', () => {
  test('split-at-limit bots send each reply in messages of at most 4,096 chars', () => {
    const ops = many(createGeneralChatbotShape(generalChatbotParams({ replyStyle: 'split' })), 2_000).flat();
    const sends = ops.filter((op) => op.kind === 'send');
    expect(Math.max(...sends.map((op) => op.chars))).toBe(4096);
  });

  test('chunking bots send paragraph-sized messages of at most chunkChars, a few hundred ms apart', () => {
    const conversations = many(createGeneralChatbotShape(generalChatbotParams({ replyStyle: 'chunked', chunkChars: 500 })), 500);
    for (const ops of conversations) {
      const sends = ops.filter((op) => op.kind === 'send');
      expect(sends.every((op) => op.chars <= 500)).toBe(true);
      for (let i = 1; i < sends.length; i += 1) expect(sends[i]!.atUs - sends[i - 1]!.atUs).toBeGreaterThanOrEqual(msToUs(400));
    }
  });

  test('the reply waits for the whole answer: at least TTFT + tokens / (max tokens/s) after the question', () => {
    const conversations = many(createGeneralChatbotShape(generalChatbotParams({ replyStyle: 'split', userMessagesPerTurn: { dist: 'constant', value: 1 } })), 500);
    for (const ops of conversations) {
      const first = ops.find((op) => op.kind === 'inbound')!;
      const sends = ops.filter((op) => op.kind === 'send' && op.atUs > first.atUs);
      const replyEnd = ops.find((op) => op.kind === 'inbound' && op.seq > first.seq)?.atUs ?? Number.POSITIVE_INFINITY;
      const replyChars = sends.filter((op) => op.atUs < replyEnd).reduce((a, op) => a + op.chars, 0);
      const minimumDelayUs = (0.39 + replyChars / 4 / 131) * US_PER_SECOND;
      expect(sends[0]!.atUs - first.atUs).toBeGreaterThanOrEqual(minimumDelayUs - 1);
    }
  });

  test('one bot, one behaviour: every reply of a split bot is split at the limit, every reply of a chunking bot chunked', () => {
    const chunking = many(createGeneralChatbotShape(generalChatbotParams({ replyStyle: 'chunked' })), 300).flat();
    const splitting = many(createGeneralChatbotShape(generalChatbotParams({ replyStyle: 'split' })), 300).flat();
    expect(chunking.filter((op) => op.kind === 'send').every((op) => op.chars <= 700)).toBe(true);
    expect(splitting.filter((op) => op.kind === 'send').some((op) => op.chars > 700)).toBe(true);
  });

  test('turns follow the WildChat CCDF [S4][S5] past 12: p99 at 13, mean ≈2.35', () => {
    const turns = many(createGeneralChatbotShape(generalChatbotParams({ userMessagesPerTurn: { dist: 'constant', value: 1 } })), 20_000).map(
      (ops) => ops.filter((op) => op.kind === 'inbound').length,
    );
    const share = (atLeast: number) => turns.filter((t) => t >= atLeast).length / turns.length;
    expect(share(10)).toBeCloseTo(0.027, 2);
    expect(share(13)).toBeGreaterThan(0.008);
    expect(share(16)).toBeGreaterThan(0.002);
    expect(turns.reduce((a, b) => a + b, 0) / turns.length).toBeCloseTo(2.35, 1);
  });

  test('no templates: every conversation is opened by the user', () => {
    const conversations = many(createGeneralChatbotShape(generalChatbotParams()), 500);
    expect(conversations.every((ops) => ops[0]?.kind === 'inbound')).toBe(true);
    expect(conversations.flat().some((op) => op.kind === 'template' || op.kind === 'interactive')).toBe(false);
  });
});
