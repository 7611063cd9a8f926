import { describe, expect, test } from 'vitest';
import { numbersAtTier, PROJECTION_INPUTS, type ProjectionInputs, project } from '../../src/report/projection.js';
import { loadScenarioText } from '../../src/scenario/load-scenario.js';

/**
 * Hand-checked arithmetic. The chatbot: 20 % of enrolled users active, 2 conversations a day of 3
 * one-message turns, each answered by one message (1,000 chars, split at 4,096): 6 messages per
 * conversation → 12 per active user-day → 2.4 per enrolled user-day; 12 webhooks per conversation
 * (3 in + 3 × 3 statuses) → 4.8 per enrolled user-day; platform ops 3 inbound + 3 send + 3 typing +
 * 1.5 media = 10.5 → 4.2. A flat day curve: the peak is the mean (multiplier 1).
 */
const FLAT = `[${Array(24).fill(1).join(', ')}]`;
const scenario = loadScenarioText(
  [
    'name: hand',
    'users: 1',
    'traffic:',
    '  mix:',
    `    - { shape: customer-service, params: { hourlyWeights: ${FLAT} } }`,
    '    - shape: general-chatbot',
    '      params:',
    `        hourlyWeights: ${FLAT}`,
    '        activeShare: 0.2',
    '        conversationsPerActiveUserDay: 2',
    '        turns: { dist: constant, value: 3 }',
    '        userMessagesPerTurn: { dist: constant, value: 1 }',
    '        replyChars: { dist: constant, value: 1000 }',
    '        userMedia: { image: 0.5 }',
    '        outboundImageShare: 0',
  ].join('\n'),
  undefined,
);
const inputs: ProjectionInputs = {
  ...PROJECTION_INPUTS,
  whatsappMonthlyUsers: { value: 1e9, source: 'test' },
  whatsappMessagesPerDay: { value: 1e10, source: 'test' },
  adoptionShares: [{ value: 0.1, source: 'test' }],
  assistants: [{ name: 'Assistant', users: { value: 1e8, source: 'test' } }],
  capacityPerSlot: { value: 50, source: 'test' },
};
const projection = project(scenario, inputs);

describe('projection to WhatsApp scale, by hand', () => {
  test('10 % of 1 B monthly users: 240 M messages a day (2.4 % of 10 B), 2,778/s, 5,556 webhooks/s, 98 slots at 50 ops/s', () => {
    const split = projection.adoption.find((row) => row.replyStyle === 'split')!;
    expect(projection.chatbotPeakMultiplier).toBeCloseTo(1, 12);
    expect(split.load.enrolledUsers).toBe(1e8);
    expect(split.load.messagesPerDay).toBeCloseTo(2.4e8, 3);
    expect(split.shareOfWhatsAppMessages).toBeCloseTo(0.024, 12);
    expect(split.load.averageMessagesPerSecond).toBeCloseTo(2.4e8 / 86_400, 6);
    expect(split.load.peakMessagesPerSecond).toBeCloseTo(2.4e8 / 86_400, 6);
    expect(split.load.peakWebhooksPerSecond).toBeCloseTo(4.8e8 / 86_400, 6);
    expect(split.load.peakPlatformOpsPerSecond).toBeCloseTo(4.2e8 / 86_400, 6);
    expect(split.load.slotsAtSlo).toBe(98); // ⌈4,861.1 / 50⌉
    // Media: 1.5 images of the 150 kB-median default law per conversation.
    expect(split.load.mediaBytesPerDay).toBeGreaterThan(0);
  });

  test('one assistant with 100 M users: ⌈peak ÷ tier⌉ numbers — 35 at 80/s and 3 at 1,000/s at 20 % active (as written and the range\'s high end); 6 / 1 at the low end, 3 %', () => {
    const row = (share: number) => projection.assistants.find((r) => Math.abs(r.activeShare.value - share) < 1e-12)!;
    expect(row(0.2).load.peakMessagesPerSecond).toBeCloseTo(2.4e8 / 86_400, 6);
    expect(row(0.2).numbersNeeded).toEqual([
      { tier: 80, numbers: 35 },
      { tier: 1000, numbers: 3 },
    ]);
    // 3 %: 2.4e8 × 0.03 / 0.2 a day = 416.7/s → ⌈5.2⌉ = 6 numbers at 80/s, 1 at 1,000/s.
    expect(row(0.03).numbersNeeded.map((n) => n.numbers)).toEqual([6, 1]);
    expect(projection.assistants.map((r) => r.activeShare.value)).toEqual([0.03, 0.2, 0.2]);
  });

  test('an exact multiple needs exactly that many numbers', () => {
    expect(numbersAtTier(2000, 1000)).toBe(2);
    expect(numbersAtTier(2000.5, 1000)).toBe(3);
  });

  test('without a capacity per slot there are no slot counts (it comes from measurements, never a guess)', () => {
    const unmeasured = project(scenario, { ...inputs, capacityPerSlot: undefined });
    expect(unmeasured.adoption.every((row) => row.load.slotsAtSlo === undefined)).toBe(true);
    expect(PROJECTION_INPUTS.capacityPerSlot).toBeUndefined();
  });

  test('every shipped input names its source or says estimate', () => {
    const sourced = [PROJECTION_INPUTS.whatsappMonthlyUsers, PROJECTION_INPUTS.whatsappMessagesPerDay, ...PROJECTION_INPUTS.adoptionShares, ...PROJECTION_INPUTS.throughputTiers, ...PROJECTION_INPUTS.assistants.map((a) => a.users)];
    for (const input of sourced) expect(input.source).toMatch(/\[S\d+[a-z]?\]|estimate|whatsapp-api|scale-and-distribution/);
  });
});
