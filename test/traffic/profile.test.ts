import { describe, expect, test } from 'vitest';
import { expectedPartsPerReply } from '../../src/traffic/reply-splitting.js';
import { profileScenario, type ScenarioProfile, sampleProfile } from '../../src/traffic/profile.js';
import { applyVariation, parseVariation } from '../../src/traffic/profile-variation.js';
import { ChatloadError } from '../../src/errors.js';
import { customerServiceParams, generalChatbotParams, scenarioFixture } from './scenario-fixture.js';

/** Research §4 figures, reproduced from the schema's defaults (traffic-profiles.md §4.1–§4.4). */
const within = (actual: number, expected: number, relative = 0.02) => {
  expect(Math.abs(actual / expected - 1), `${actual} vs §4's ${expected}`).toBeLessThanOrEqual(relative);
};

/** §4 uses §3.1's activity shares (1 %, 15 %); the defaults moved to the evidence's 0.7 % and 8 % (docs/evidence/activity-shares.md). */
const RESEARCH_ACTIVE_SHARES = { cs: 0.01, chatbot: 0.15 } as const;
const defaults = scenarioFixture({
  users: 1_000_000,
  durationUs: 1,
  mix: [
    { shape: 'customer-service', weight: 0.5, params: customerServiceParams({ activeShare: RESEARCH_ACTIVE_SHARES.cs }) },
    { shape: 'general-chatbot', weight: 0.5, params: generalChatbotParams({ activeShare: RESEARCH_ACTIVE_SHARES.chatbot }) },
  ],
});
const withSplit = (share: number) => profileScenario(applyVariation(defaults, 'splitAtLimitShare', share));
const shape = (p: ScenarioProfile, name: string) => p.shapes.find((s) => s.shape === name)!;
const cs = shape(profileScenario(defaults), 'customer-service');
const split = shape(withSplit(1), 'general-chatbot');
const chunked = shape(withSplit(0), 'general-chatbot');
const mixed = profileScenario(defaults);

describe('§4.1 customer service', () => {
  test('per conversation: in 3.33, out 5.58, total 8.91', () => {
    within(cs.perConversation.messagesIn, 3.33);
    within(cs.perConversation.messagesOut, 5.58);
    within(cs.perConversation.messagesTotal, 8.91);
  });
  test('per active user-day: in 3.83, out 6.42, total 10.25; per enrolled user-day 0.10', () => {
    within(cs.perActiveUserDay.messagesIn, 3.83);
    within(cs.perActiveUserDay.messagesOut, 6.42);
    within(cs.perActiveUserDay.messagesTotal, 10.25);
    within(cs.perEnrolledUserDay.messagesTotal, 0.1025);
  });
  test('only the 30 % template openers are billable', () => {
    within(cs.perConversation.billableMessages, 0.3);
    within(cs.perConversation.freeMessages + cs.perConversation.billableMessages, cs.perConversation.messagesOut, 1e-12);
  });
});

describe('§4.2 general chatbot', () => {
  test('messages per reply: 1.057 split at 4,096, 2.546 in chunks of 700 (§3.6)', () => {
    const replyChars = generalChatbotParams().replyChars;
    within(expectedPartsPerReply(replyChars, 4096), 1.057, 0.005);
    within(expectedPartsPerReply(replyChars, 700), 2.546, 0.01);
  });
  test('per conversation: in 2.59; out 2.48 split or 5.98 chunked', () => {
    within(split.perConversation.messagesIn, 2.59);
    within(split.perConversation.messagesOut, 2.48);
    within(chunked.perConversation.messagesOut, 5.98);
  });
  test('per active user-day: total 15.2 split / 25.7 chunked; per enrolled 2.28 / 3.86', () => {
    within(split.perActiveUserDay.messagesTotal, 15.2);
    within(chunked.perActiveUserDay.messagesTotal, 25.7);
    within(split.perEnrolledUserDay.messagesTotal, 2.28);
    within(chunked.perEnrolledUserDay.messagesTotal, 3.86);
  });
});

describe('§4.3 ratios chatbot ÷ customer service', () => {
  const ratio = (basis: string) => mixed.ratios!.find((r) => r.basis === basis)!.ratio;
  test('the default bot splits at the limit: 0.57× per conversation, 1.5× per active user-day, 22× per enrolled', () => {
    within(ratio('messages per conversation'), 0.57);
    within(ratio('messages per active user-day'), 1.5);
    within(ratio('messages per enrolled user-day'), 22, 0.03);
  });
  test('a 70/30 population of splitting and chunking bots (two mix entries) gives §4.3’s mixed column: 0.69×, 1.8×, 27×', () => {
    const mixedBots = (pick: (s: ScenarioProfile['shapes'][number]) => number) => 0.7 * pick(split) + 0.3 * pick(chunked);
    within(mixedBots((s) => s.perConversation.messagesTotal) / cs.perConversation.messagesTotal, 0.69);
    within(mixedBots((s) => s.perActiveUserDay.messagesTotal) / cs.perActiveUserDay.messagesTotal, 1.8);
    within(mixedBots((s) => s.perEnrolledUserDay.messagesTotal) / cs.perEnrolledUserDay.messagesTotal, 27);
  });
  test('split-only and chunk-only: 1.5× / 2.5× per active user-day, 22× / 38× per enrolled', () => {
    within(split.perActiveUserDay.messagesTotal / cs.perActiveUserDay.messagesTotal, 1.5);
    within(chunked.perActiveUserDay.messagesTotal / cs.perActiveUserDay.messagesTotal, 2.5);
    within(split.perEnrolledUserDay.messagesTotal / cs.perEnrolledUserDay.messagesTotal, 22, 0.03);
    within(chunked.perEnrolledUserDay.messagesTotal / cs.perEnrolledUserDay.messagesTotal, 38, 0.03);
  });
  test('text bytes per active user-day: CS ≈1.7 KB, chatbot ≈11.3 KB, 6.7× (media messages carry no text: within 5 %)', () => {
    within(cs.perActiveUserDay.textBytes, 1700, 0.05);
    within(split.perActiveUserDay.textBytes, 11_300, 0.05);
    within(ratio('text bytes per active user-day'), 6.7, 0.05);
  });
  test('platform bytes (envelopes + text) per active user-day: CS ≈30 KB, chatbot ≈49 KB split / ≈86 KB chunked', () => {
    within(cs.perActiveUserDay.platformBytes, 30_000, 0.03);
    within(split.perActiveUserDay.platformBytes, 49_000, 0.03);
    within(chunked.perActiveUserDay.platformBytes, 86_000, 0.03);
  });
  test('peak hour is 2.1 × the mean for CS and 1.66 × for the chatbot (§3.3)', () => {
    within(cs.peak.multiplier, 2.1);
    within(split.peak.multiplier, 1.66);
  });
});

describe('§4.4 scale illustration', () => {
  test('10 M daily active chatbot users on one number: ≈862 out msg/s on average, ≈1,430 at the peak, ≈18 × 80/s', () => {
    const enrolled = Math.round(10_000_000 / 0.15);
    const scenario = scenarioFixture({ users: enrolled, durationUs: 1, mix: [{ shape: 'general-chatbot', weight: 1, params: generalChatbotParams({ replyStyle: 'split', activeShare: RESEARCH_ACTIVE_SHARES.chatbot }) }] });
    const chatbot = profileScenario(scenario).shapes[0]!;
    within(chatbot.populationDay.messagesOut / 86_400, 862, 0.03);
    within(chatbot.peak.perSecond.messagesOut, 1430, 0.03);
    within(chatbot.peak.outboundShareOfThroughput, 18, 0.03);
  });
  test('a travel company with 5 M enrolled customers: 321 k outbound a day, ≈3.7 msg/s average, ≈8 at the peak', () => {
    const scenario = scenarioFixture({ users: 5_000_000, durationUs: 1, mix: [{ shape: 'customer-service', weight: 1, params: customerServiceParams({ activeShare: RESEARCH_ACTIVE_SHARES.cs }) }] });
    const support = profileScenario(scenario).shapes[0]!;
    within(support.populationDay.messagesOut, 321_000);
    within(support.peak.perSecond.messagesOut, 8, 0.03);
  });
});

describe('sampled profile agrees with the closed forms', () => {
  // n = 20,000 conversations per shape. Per-conversation message counts have sd ≈ 3.9 / 5.0 (CS in / out)
  // and 2.6 / 4.7 (chatbot), measured once; 8 bounds them all, so 4 standard errors ≤ 4 × 8 / √n ≈ 0.23.
  const n = 20_000;
  const sampled = sampleProfile(defaults, n);
  test.each(['customer-service', 'general-chatbot'])('%s: messages in/out per conversation within 4 standard errors', (name) => {
    const analytic = shape(mixed, name).perConversation;
    const drawn = shape(sampled, name).perConversation;
    const fourStandardErrors = (4 * 8) / Math.sqrt(n);
    expect(Math.abs(drawn.messagesIn - analytic.messagesIn)).toBeLessThan(fourStandardErrors);
    expect(Math.abs(drawn.messagesOut - analytic.messagesOut)).toBeLessThan(fourStandardErrors);
    expect(Math.abs(drawn.ops.typing - analytic.ops.typing)).toBeLessThan(fourStandardErrors);
    expect(drawn.ops.media).toBeCloseTo(analytic.ops.media, 1);
  });
  test('the same seed samples the same profile', () => {
    expect(sampleProfile(defaults, 500)).toEqual(sampleProfile(defaults, 500));
  });
});

describe('--vary', () => {
  test('chatbotShare sets the adoption share of the mix and moves the population load, not the per-user figures', () => {
    const low = profileScenario(applyVariation(defaults, 'chatbotShare', 0.02));
    const high = profileScenario(applyVariation(defaults, 'chatbotShare', 0.1));
    expect(shape(low, 'general-chatbot').enrolledUsers).toBe(20_000);
    expect(shape(high, 'general-chatbot').populationDay.messagesTotal).toBeCloseTo(5 * shape(low, 'general-chatbot').populationDay.messagesTotal, 6);
    expect(shape(high, 'general-chatbot').perActiveUserDay).toEqual(shape(low, 'general-chatbot').perActiveUserDay);
  });
  test('a shape prefix limits a parameter to one shape', () => {
    const varied = applyVariation(defaults, 'cs.activeShare', 0.03);
    expect(varied.traffic.mix.map((e) => e.params.activeShare)).toEqual([0.03, 0.15]);
  });
  test.each([
    ['chunkChars=0', 'chunkChars', 0],
    ['splitAtLimitShare=0.7 (one bot has one reply style)', 'splitAtLimitShare', 0.7],
    ['replyStyle=streaming', 'replyStyle', 'streaming'],
    ['unknown parameter', 'nonsense', 1],
    ['chatbotShare=1', 'chatbotShare', 1],
  ])('refuses %s with CHATLOAD_E_OPTION_INVALID', (_name, param, value) => {
    expect(() => applyVariation(defaults, param, value)).toThrow(expect.objectContaining({ code: 'CHATLOAD_E_OPTION_INVALID' }));
  });
  test('replyStyle takes words; splitAtLimitShare 0 or 1 is read as a reply style', () => {
    expect(parseVariation('chatbot.replyStyle=split,chunked')).toEqual({ param: 'chatbot.replyStyle', values: ['split', 'chunked'] });
    expect(() => parseVariation('replyStyle=0.7')).toThrow(ChatloadError);
    const chunking = applyVariation(defaults, 'splitAtLimitShare', 0).traffic.mix[1]!;
    expect(chunking.shape === 'general-chatbot' && chunking.params.replyStyle).toBe('chunked');
  });
  test('parses param=v1,v2 and refuses anything else', () => {
    expect(parseVariation('chatbotShare=0.02, 0.1')).toEqual({ param: 'chatbotShare', values: [0.02, 0.1] });
    expect(() => parseVariation('chatbotShare')).toThrow(ChatloadError);
    expect(() => parseVariation('chatbotShare=0.1,,x')).toThrow(ChatloadError);
  });
});
