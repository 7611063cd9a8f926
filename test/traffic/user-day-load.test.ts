import { describe, expect, test } from 'vitest';
import { serviceDemandOf } from '../../src/platform/service-demand.js';
import { USER_DAY_METRICS, userDayLoad } from '../../src/traffic/user-day-load.js';
import { customerServiceParams, generalChatbotParams, scenarioFixture } from './scenario-fixture.js';

/**
 * A scenario small enough to count by hand. Customer service: every conversation is the user's,
 * 2 messages of 40 chars, each answered by the bot with one 100-char text, typing on. Chatbot: 3
 * turns of one 60-char message, half of them images of 100 kB, each answered with 1,000 chars —
 * one message when split at 4,096, ⌈1,000 / 400⌉ = 3 when chunked at 400. Service: 10 ms per
 * op, 40 ms per media service (a media op is two: metadata, then download).
 */
const constant = (value: number) => ({ dist: 'constant' as const, value });
const scenario = scenarioFixture({
  users: 1_000,
  durationUs: 1,
  mix: [
    {
      shape: 'customer-service',
      weight: 1,
      params: customerServiceParams({
        activeShare: 0.01,
        conversationsPerActiveUserDay: 1,
        userOpenedShare: 1,
        userMessages: constant(2),
        botResolvedShare: 1,
        botMessagesPerUserMessage: 1,
        greeting: false,
        handoverMessages: 0,
        userMedia: {},
        userMessageChars: constant(40),
        replyChars: constant(100),
      }),
    },
    {
      shape: 'general-chatbot',
      weight: 1,
      params: generalChatbotParams({
        activeShare: 0.2,
        conversationsPerActiveUserDay: 2,
        turns: constant(3),
        userMessagesPerTurn: constant(1),
        userMessageChars: constant(60),
        userMedia: { image: 0.5 },
        userMediaBytes: { image: constant(100_000), voice: constant(1), document: constant(1) },
        replyChars: constant(1_000),
        chunkChars: 400,
        outboundImageShare: 0,
        replyStyle: 'split',
      }),
    },
  ],
});
const serviceMs = serviceDemandOf({ serviceTimeMs: { default: constant(10), media: constant(40) } }).meanMsPerOp;
const load = userDayLoad(scenario, serviceMs);
const row = (label: string) => load.rows.find((r) => r.label === label)!;

describe('load per user-day on both bases, counted by hand', () => {
  test('rows: customer service, and the chatbot under both reply styles (split first, the scenario’s own marked)', () => {
    expect(load.rows.map((r) => [r.label, r.asWritten])).toEqual([
      ['customer-service', true],
      ['general-chatbot · split', true],
      ['general-chatbot · chunked', false],
    ]);
  });

  test('customer service per conversation: 2 in, 2 out, 6 ops, 8 webhooks, 10,280 platform bytes, 60 ms of service', () => {
    expect(row('customer-service').perConversation).toMatchObject({
      conversations: 1,
      messagesIn: 2,
      messagesOut: 2,
      messagesTotal: 4,
      platformOps: 6,
      'ops.inbound': 2,
      'ops.send': 2,
      'ops.typing': 2,
      webhooks: 2 + 3 * 2,
      platformBytes: 2 * 1_500 + 2 * 3_500 + 2 * 40 + 2 * 100,
      mediaBytes: 0,
      serviceTimeMs: 6 * 10,
    });
  });

  test('chatbot per conversation, split: 3 in, 3 out, 1.5 media fetches, 150 kB of media, 210 ms of service', () => {
    const split = row('general-chatbot · split').perConversation;
    expect(split).toMatchObject({ messagesIn: 3, messagesOut: 3, 'ops.media': 1.5, webhooks: 3 + 9, mediaBytes: 150_000 });
    expect(split.platformOps).toBeCloseTo(10.5, 12);
    // Envelopes 3 × 1.5 kB + 3 × 3.5 kB; text: the 1.5 text messages × 60 chars + 3 × 1,000.
    expect(split.platformBytes).toBeCloseTo(15_000 + 90 + 3_000, 9);
    expect(split.serviceTimeMs).toBeCloseTo(9 * 10 + 1.5 * 2 * 40, 9);
  });

  test('chatbot chunked: 9 messages out, 30 webhooks, 270 ms of service per conversation', () => {
    const chunked = row('general-chatbot · chunked').perConversation;
    expect(chunked).toMatchObject({ messagesOut: 9, webhooks: 3 + 27 });
    expect(chunked.serviceTimeMs).toBeCloseTo(3 * 10 + 9 * 10 + 3 * 10 + 1.5 * 80, 9);
  });

  test('active user-day = conversations per active day × per conversation; enrolled = × activity share', () => {
    expect(row('customer-service').perActiveUserDay.messagesTotal).toBeCloseTo(4, 12);
    expect(row('customer-service').perEnrolledUserDay.messagesTotal).toBeCloseTo(0.04, 12);
    expect(row('general-chatbot · split').perActiveUserDay.messagesTotal).toBeCloseTo(12, 12);
    expect(row('general-chatbot · split').perEnrolledUserDay.messagesTotal).toBeCloseTo(2.4, 12);
  });

  test('ratios: messages 3× per active user-day and 60× per enrolled (split); 6× and 120× chunked', () => {
    const [split, chunked] = load.comparisons;
    expect(split!.perActiveUserDay.messagesTotal).toBeCloseTo(3, 12);
    expect(split!.perEnrolledUserDay.messagesTotal).toBeCloseTo(60, 12);
    expect(chunked!.perActiveUserDay.messagesTotal).toBeCloseTo(6, 12);
    expect(chunked!.perEnrolledUserDay.messagesTotal).toBeCloseTo(120, 12);
    expect(split!.perActiveUserDay.serviceTimeMs).toBeCloseTo((2 * 210) / 60, 12);
  });

  test('the enrolled ratio is activity share 20× × conversations 2× × per conversation, and multiplies out for every metric', () => {
    const [split] = load.comparisons;
    expect(split!.decomposition.messagesTotal).toMatchObject({ activityShareRatio: 20, conversationsRatio: 2, perConversationRatio: 1.5 });
    expect(split!.decomposition.messagesTotal.product).toBeCloseTo(60, 12);
    for (const metric of USER_DAY_METRICS) {
      const d = split!.decomposition[metric];
      if (Number.isFinite(d.enrolledRatio) && d.enrolledRatio > 0) expect(d.multipliesOut, metric).toBe(true);
    }
  });

  test('a weekend day applies each shape’s weekend factor to conversations per active day', () => {
    const weekend = userDayLoad({ ...scenario, clock: { ...scenario.clock, day: 'weekend' } }, serviceMs);
    expect(weekend.rows[0]!.conversationsPerActiveDay).toBeCloseTo(0.6, 12);
    expect(weekend.rows[1]!.conversationsPerActiveDay).toBeCloseTo(2 * 0.85, 12);
  });
});
