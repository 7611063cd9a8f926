import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load-scenario.js';
import { predictLiveDemand } from '../../src/traffic/live-demand.js';
import { profileScenario } from '../../src/traffic/profile.js';

/**
 * A chatbot whose every conversation is the same: one user message at 0 (inbound + typing at
 * 0.3 s) and one answer at 1 s TTFT + 400 chars / 4 chars per token / 100 tokens/s = 2 s:
 * 3 operations over exactly 2 s. 8,640,000 users × 10 % active × 1 conversation a day on a flat
 * curve = 10 conversation starts per second, 30 ops/s.
 */
function fixedChatbot(clock: string, weights = Array.from({ length: 24 }, () => 1)): string {
  return [
    'name: fixed',
    'users: 8640000',
    'duration: 10m',
    `clock: ${clock}`,
    'traffic:',
    '  mix:',
    '    - shape: general-chatbot',
    '      params:',
    '        activeShare: 0.1',
    '        conversationsPerActiveUserDay: 1',
    `        hourlyWeights: [${weights.join(', ')}]`,
    '        turns: { dist: constant, value: 1 }',
    '        userMessagesPerTurn: { dist: constant, value: 1 }',
    '        userMedia: { image: 0, voice: 0 }',
    '        ttftSeconds: { dist: constant, value: 1 }',
    '        tokensPerSecond: { dist: constant, value: 100 }',
    '        replyChars: { dist: constant, value: 400 }',
    '        splitAtLimitShare: 1',
    '        outboundImageShare: 0',
    '',
  ].join('\n');
}

describe('live demand of a plan, from the traffic model alone', () => {
  it('gives the exact peak rate, conversations in progress (Little) and pre-roll of a fixed conversation on a flat day', () => {
    const demand = predictLiveDemand(loadScenarioText(fixedChatbot('{ startHour: 10, preRoll: 10m }'), 'fixed.yaml'));
    expect(demand.shapes[0]).toMatchObject({ opsPerConversation: 3, meanConversationSeconds: 2 });
    expect(demand.shapes[0]!.peakConversationsPerSecond).toBeCloseTo(10, 9);
    expect(demand.peakOpsPerSecond).toBeCloseTo(30, 9);
    expect(demand.concurrentConversations).toBeCloseTo(20, 9);
    expect(demand.concurrentOps).toBeCloseTo(60, 9);
    expect(demand.preRollConversations).toBeCloseTo(6_000, 6);
    expect(demand.preRollOps).toBeCloseTo(18_000, 6);
  });

  it('multiplies rates by the day compression and integrates whole compressed days of pre-roll at their mean', () => {
    // A day in 1 h: 24 × the rate; a 2 h pre-roll is two whole played days.
    const demand = predictLiveDemand(loadScenarioText(fixedChatbot('{ startHour: 10, dayIn: 1h, preRoll: 2h }'), 'fixed.yaml'));
    expect(demand.peakOpsPerSecond).toBeCloseTo(720, 6);
    expect(demand.preRollConversations).toBeCloseTo(240 * 7_200, 3);
  });

  it('looks for the peak only in the hours the run plays (and a conversation before), not the whole day', () => {
    // Everything in hour 20; a 10-minute uncompressed run from 10:00 never sees it.
    const evening = Array.from({ length: 24 }, (_, h) => (h === 20 ? 1 : 0));
    expect(predictLiveDemand(loadScenarioText(fixedChatbot('{ startHour: 10 }', evening), 'f.yaml')).peakOpsPerSecond).toBe(0);
    const atEight = predictLiveDemand(loadScenarioText(fixedChatbot('{ startHour: 20 }', evening), 'f.yaml'));
    expect(atEight.peakOpsPerSecond).toBeCloseTo(30 * 24, 6);
    expect(atEight.peakPlayedHour).toBe(20);
  });

  it('agrees with the profile\'s peak when the run plays a whole day', () => {
    const scenario = loadScenarioText(
      'name: p\nusers: 20000\nduration: 30s\nclock: { startHour: 10, dayIn: 4m, preRoll: 5m }\ntraffic:\n  mix:\n    - { shape: customer-service }\n    - { shape: general-chatbot }\n',
      'p.yaml',
    );
    const profile = profileScenario(scenario);
    const compression = 86_400 / 240;
    // The profile's combined peak is the peak of messages; of operations it is the same hour here (one curve dominates).
    const opsAtPeak = Object.values(profile.combinedPeak.perSecond.ops).reduce((a, b) => a + b, 0) * compression;
    expect(predictLiveDemand(scenario).peakOpsPerSecond).toBeGreaterThanOrEqual(opsAtPeak * (1 - 1e-9));
  });

  it('is deterministic and quick enough to judge every capacity step', () => {
    const scenario = loadScenarioText(fixedChatbot('{ startHour: 10, dayIn: 1m, preRoll: 30d }'), 'f.yaml');
    const started = performance.now();
    const a = predictLiveDemand(scenario);
    expect(performance.now() - started).toBeLessThan(500);
    expect(predictLiveDemand(scenario)).toEqual(a);
  });
});
