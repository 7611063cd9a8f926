import { describe, expect, test } from 'vitest';
import { jointInterval, ratioHeadline, tornado, withParameter } from '../../src/report/sensitivity.js';
import { loadScenarioText } from '../../src/scenario/load-scenario.js';
import { PARAMETER_RANGES, type ParameterRange } from '../../src/traffic/parameter-ranges.js';

const scenario = loadScenarioText('name: s\nusers: 1000\ntraffic:\n  mix:\n    - { shape: customer-service }\n    - { shape: general-chatbot }\n', undefined);
const enrolledMessages = ratioHeadline('messagesTotal', 'perEnrolledUserDay');
const activeMessages = ratioHeadline('messagesTotal', 'perActiveUserDay');
const range = (id: string) => PARAMETER_RANGES.find((r) => r.id === id)!;
const base = enrolledMessages(scenario);

/**
 * The per-enrolled-user-day ratio is proportional to the chatbot's activity share and
 * conversations per active day and inversely proportional to customer service's: those bars of
 * the tornado are known exactly, and so is the joint interval of the two activity shares drawn
 * log-uniformly — ln ratio is then ln base + a sum of two uniforms (a trapezoid).
 */
describe('sensitivity of the headline ratio, where the answer is known', () => {
  test('the ranges table sources every range and holds the scenario’s values inside it', () => {
    for (const r of PARAMETER_RANGES) {
      expect(r.source, r.id).toMatch(/\[S\d+[a-z]?\]|estimate/);
      expect(r.low, r.id).toBeLessThan(r.high);
      const entry = scenario.traffic.mix.find((e) => e.shape === r.shape)!;
      expect(r.read(entry.params), r.id).toBeGreaterThanOrEqual(r.low);
      expect(r.read(entry.params), r.id).toBeLessThanOrEqual(r.high);
      expect(r.read(r.apply(entry.params, (r.low + r.high) / 2)), r.id).toBeCloseTo((r.low + r.high) / 2, 9);
    }
  });

  test('one at a time: activity shares and chatbot conversations move the enrolled ratio in exact proportion', () => {
    const bars = tornado(scenario, [range('cs.activeShare'), range('chatbot.activeShare'), range('chatbot.conversationsPerActiveUserDay')], enrolledMessages);
    expect(bars.base).toBeCloseTo(base, 12);
    const bar = (id: string) => bars.rows.find((r) => r.id === id)!;
    expect(bar('cs.activeShare').atLow).toBeCloseTo((base * 0.007) / 0.0015, 9);
    expect(bar('cs.activeShare').atHigh).toBeCloseTo((base * 0.007) / 0.02, 9);
    expect(bar('chatbot.activeShare').atLow).toBeCloseTo((base * 0.03) / 0.08, 9);
    expect(bar('chatbot.activeShare').atHigh).toBeCloseTo((base * 0.2) / 0.08, 9);
    expect(bar('chatbot.conversationsPerActiveUserDay').atHigh).toBeCloseTo((base * 4.8) / 3, 9);
    // Longest bar first: CS share (0.15–2 %) swings 4.3 × base, chatbot share (3–20 %) 2.1 ×, conversations 0.8 ×.
    expect(bars.rows.map((r) => r.id)).toEqual(['cs.activeShare', 'chatbot.activeShare', 'chatbot.conversationsPerActiveUserDay']);
  });

  test('activity shares do not move the per-active-user-day ratio at all', () => {
    const bars = tornado(scenario, [range('cs.activeShare'), range('chatbot.activeShare')], activeMessages);
    for (const row of bars.rows) expect(row.swing).toBeLessThan(1e-12);
  });

  test('jointly: the two activity shares drawn log-uniformly give the trapezoid’s 2.5 / 50 / 97.5 % points (4,000 draws)', () => {
    const w1 = Math.log(0.2 / 0.03);
    const w2 = Math.log(0.02 / 0.0015);
    // ln ratio = ln base + [ln a_cb − ln 0.08] − [ln a_cs − ln 0.007]; the bracketed sum spans [L, L + w1 + w2].
    const lowest = Math.log(base) + Math.log(0.03 / 0.08) - Math.log(0.02 / 0.007);
    const quantile = (q: number) => {
      const tail = Math.min(q, 1 - q);
      const t = Math.sqrt(2 * tail * w1 * w2); // CDF t² / (2 w1 w2) on the first ramp (t ≤ w1 here)
      return Math.exp(lowest + (q < 0.5 ? t : w1 + w2 - t));
    };
    const joint = jointInterval(scenario, [range('cs.activeShare'), range('chatbot.activeShare')], enrolledMessages, { samples: 4_000, seed: 3 });
    expect(joint.parameters).toEqual(['cs.activeShare', 'chatbot.activeShare']);
    // The 2.5 % point's standard error is ≈2 % of it at n = 4,000 (density of ln ratio there ≈ 0.13): allow 8 %.
    expect(Math.abs(joint.low / quantile(0.025) - 1)).toBeLessThan(0.08);
    expect(Math.abs(joint.high / quantile(0.975) - 1)).toBeLessThan(0.08);
    expect(Math.abs(joint.median / Math.exp(lowest + (w1 + w2) / 2) - 1)).toBeLessThan(0.05);
  });

  test('seeded: the same seed draws the same interval', () => {
    const ranges: ParameterRange[] = [range('chatbot.turnsMean'), range('cs.userMessages')];
    const a = jointInterval(scenario, ranges, activeMessages, { samples: 200, seed: 9 });
    expect(jointInterval(scenario, ranges, activeMessages, { samples: 200, seed: 9 })).toEqual(a);
    expect(jointInterval(scenario, ranges, activeMessages, { samples: 200, seed: 10 }).median).not.toBe(a.median);
  });

  test('setting a parameter touches only its shape, and turnsMean keeps the tail’s shape', () => {
    const changed = withParameter(scenario, range('chatbot.turnsMean'), 2);
    expect(changed.traffic.mix[0]).toBe(scenario.traffic.mix[0]);
    const turns = changed.traffic.mix[1]!.params as { turns: { weights: number[] } };
    const original = scenario.traffic.mix[1]!.params as { turns: { weights: number[] } };
    expect(turns.turns.weights[5]! / turns.turns.weights[6]!).toBeCloseTo(original.turns.weights[5]! / original.turns.weights[6]!, 12);
  });
});
