import { describe, expect, test } from 'vitest';
import { countInterval, loadMultiplier, MULTIPLIER_METRICS, type MultiplierMetric, ratioInterval, type ShapeWindow } from '../../src/report/load-multiplier.js';

const all = (value: number): Record<MultiplierMetric, number> => Object.fromEntries(MULTIPLIER_METRICS.map((m) => [m, value])) as Record<MultiplierMetric, number>;

/**
 * Hand-made windows: 1,000 enrolled users each. Customer service: 0.1 messages per enrolled
 * user-day, half of its day in the window (0.05 per user there), 100 counted → 100 ÷ 1,000 ÷ 0.5 =
 * 0.2 per enrolled user-day, 0.2 ÷ 1 % = 20 per active user-day. Chatbot: 1.6 per day, 0.8 in the
 * window, 1,600 counted → 3.2 per enrolled user-day, 3.2 ÷ 8 % = 40 per active. Ratios: ×16 enrolled,
 * ×16 ÷ (8 % ÷ 1 %) = ×2 active; analytic ×16 and ×2.
 */
const cs: ShapeWindow = {
  shape: 'customer-service',
  enrolledUsers: 1_000,
  activeShare: 0.01,
  counted: { ...all(100), webhooks: null },
  perEnrolledUserDay: all(0.1),
  perEnrolledUserInWindow: all(0.05),
  dispersion: all(1),
};
const chatbot: ShapeWindow = {
  shape: 'general-chatbot',
  enrolledUsers: 1_000,
  activeShare: 0.08,
  counted: { ...all(1_600), webhooks: 3_000 },
  perEnrolledUserDay: all(1.6),
  perEnrolledUserInWindow: all(0.8),
  dispersion: { ...all(1), messagesTotal: 4 },
};

describe('load multiplier per user-day, by hand', () => {
  const result = loadMultiplier([cs, chatbot]);
  const row = (metric: MultiplierMetric) => result.rows.find((r) => r.metric === metric)!;

  test('each shape: counted ÷ users ÷ window share of the day, then ÷ activity share', () => {
    const conversations = result.shapes[0]!.metrics.conversations;
    expect(conversations.expected).toBeCloseTo(50, 12);
    expect(conversations.perEnrolledUserDay.measured.value).toBeCloseTo(0.2, 12);
    expect(conversations.perActiveUserDay.measured.value).toBeCloseTo(20, 12);
    expect(conversations.perActiveUserDay.analytic).toBeCloseTo(10, 12);
    expect(result.shapes[1]!.metrics.messagesIn.perEnrolledUserDay.measured.value).toBeCloseTo(3.2, 12);
    expect(result.shapes[1]!.metrics.messagesIn.perActiveUserDay.measured.value).toBeCloseTo(40, 12);
  });

  test('chatbot ÷ customer service: ×16 per enrolled user-day, ×2 per active (measured and analytic)', () => {
    const r = row('conversations');
    expect(r.perEnrolledUserDay.measured.value).toBeCloseTo(16, 12);
    expect(r.perEnrolledUserDay.analytic).toBeCloseTo(16, 12);
    expect(r.perActiveUserDay.measured.value).toBeCloseTo(2, 12);
    expect(r.perActiveUserDay.analytic).toBeCloseTo(2, 12);
  });

  test('the ratio’s interval: ln 16 ∓ 1.96 √(1/1,600 + 1/100); wider with a dispersion of 4: √(4/1,600 + 1/100)', () => {
    const poisson = row('conversations').perEnrolledUserDay.measured;
    const half = 1.959963984540054 * Math.sqrt(1 / 1600 + 1 / 100);
    expect(poisson.low).toBeCloseTo(16 * Math.exp(-half), 6);
    expect(poisson.high).toBeCloseTo(16 * Math.exp(half), 6);
    const clustered = row('messagesTotal').perEnrolledUserDay.measured;
    expect(clustered.high).toBeCloseTo(16 * Math.exp(1.959963984540054 * Math.sqrt(4 / 1600 + 1 / 100)), 6);
    // Per active user-day, the same interval over the activity-share ratio (8).
    expect(row('messagesTotal').perActiveUserDay.measured.high).toBeCloseTo(clustered.high! / 8, 6);
  });

  test('a metric one shape did not measure (webhooks with --target) has no measured ratio, only the analytic one', () => {
    expect(row('webhooks').perEnrolledUserDay.measured).toEqual({ value: null, low: null, high: null });
    expect(row('webhooks').perEnrolledUserDay.analytic).toBeCloseTo(16, 12);
  });

  test('one shape alone: per-shape figures, no ratio rows', () => {
    const alone = loadMultiplier([cs]);
    expect(alone.rows).toEqual([]);
    expect(alone.shapes).toHaveLength(1);
  });
});

describe('count intervals', () => {
  test('square-root scale: (√n ∓ z √D / 2)², clipped at 0, so a zero count still has an upper bound', () => {
    const z = 1.959963984540054;
    const { low, high } = countInterval(100, 1, 0.95);
    expect(low).toBeCloseTo((10 - z / 2) ** 2, 6);
    expect(high).toBeCloseTo((10 + z / 2) ** 2, 6);
    expect(countInterval(0, 2, 0.95).low).toBe(0);
    expect(countInterval(0, 2, 0.95).high).toBeCloseTo(((z * Math.sqrt(2)) / 2) ** 2, 6);
  });

  test('a ratio with a zero count has no interval', () => {
    expect(ratioInterval({ count: 0, dispersion: 1 }, { count: 10, dispersion: 1 }, 0, 0.95)).toEqual({ low: null, high: null });
    expect(ratioInterval({ count: 10, dispersion: 1 }, { count: 0, dispersion: 1 }, Number.POSITIVE_INFINITY, 0.95)).toEqual({ low: null, high: null });
  });
});
