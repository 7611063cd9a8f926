import { describe, expect, test } from 'vitest';
import { CUSTOMER_SERVICE_HOURLY, GENERAL_CHATBOT_HOURLY } from '../../src/scenario/traffic-schema.js';
import { ArrivalStream } from '../../src/traffic/arrivals.js';
import {
  conversationArrivalRate,
  createDiurnalCurve,
  dayFactor,
  playedHourAt,
} from '../../src/traffic/diurnal-curve.js';
import { createRng } from '../../src/traffic/rng.js';
import { US_PER_DAY, US_PER_HOUR, US_PER_SECOND } from '../../src/units.js';

const UTC = [{ offsetHours: 0, share: 1 }];
const FLAT = Array.from({ length: 24 }, () => 1);

describe('diurnal curve', () => {
  test('the multiplier averages 1 over the day, so a day holds exactly the daily conversations', () => {
    const curve = createDiurnalCurve(CUSTOMER_SERVICE_HOURLY, UTC);
    const mean =
      Array.from({ length: 24 }, (_, h) => curve.multiplierAt(h + 0.5)).reduce((a, b) => a + b, 0) / 24;
    expect(mean).toBeCloseTo(1, 12);
  });

  test('peaks as §3.3 states: CS 8.9 % at 10 h = 2.1 × mean; chatbot 6.9 % at 21 h = 1.66 × mean', () => {
    const cs = createDiurnalCurve(CUSTOMER_SERVICE_HOURLY, UTC);
    const chatbot = createDiurnalCurve(GENERAL_CHATBOT_HOURLY, UTC);
    expect(cs.peakHour).toBe(10);
    expect(cs.peakMultiplier).toBeCloseTo(2.136, 3);
    expect(chatbot.peakHour).toBe(21);
    expect(chatbot.peakMultiplier).toBeCloseTo(1.656, 3);
  });

  test('a population spread over time zones is the share-weighted sum of shifted curves, and flatter', () => {
    const zones = [
      { offsetHours: 0, share: 3 },
      { offsetHours: 5.5, share: 1 },
    ];
    const spread = createDiurnalCurve(CUSTOMER_SERVICE_HOURLY, zones);
    const local = createDiurnalCurve(CUSTOMER_SERVICE_HOURLY, UTC);
    // At 4:30 on the scenario clock, the +5.5 zone is at 10:00 local time.
    expect(spread.multiplierAt(4.5)).toBeCloseTo(
      0.75 * local.multiplierAt(4.5) + 0.25 * local.multiplierAt(10),
      12,
    );
    expect(spread.peakMultiplier).toBeLessThan(local.peakMultiplier);
  });

  test('weekend days scale by the shape factor, weekdays not at all', () => {
    expect(dayFactor('weekday', 0.6)).toBe(1);
    expect(dayFactor('weekend', 0.6)).toBe(0.6);
  });

  test('a day compressed into one hour plays 24 hours of the curve, starting at startHour', () => {
    const clock = { startHour: 22, dayInUs: US_PER_HOUR, day: 'weekday' as const, preRollUs: 0 };
    expect(playedHourAt(clock, 0)).toBe(22);
    expect(playedHourAt(clock, US_PER_HOUR / 24)).toBeCloseTo(23, 9);
    expect(playedHourAt(clock, US_PER_HOUR / 12)).toBeCloseTo(0, 9);
  });

  test('compression multiplies the real-time arrival rate by 86,400 s / dayIn', () => {
    const base = {
      users: 1_000_000,
      activeShare: 0.01,
      conversationsPerActiveUserDay: 1.15,
      dayFactor: 1,
      curve: createDiurnalCurve(FLAT, UTC),
    };
    const realTime = conversationArrivalRate({
      ...base,
      clock: { startHour: 0, dayInUs: US_PER_DAY, day: 'weekday', preRollUs: 0 },
    });
    const oneMinuteDay = conversationArrivalRate({
      ...base,
      clock: { startHour: 0, dayInUs: 60 * US_PER_SECOND, day: 'weekday', preRollUs: 0 },
    });
    // 11,500 conversations a day = 0.1331 /s
    expect(realTime.perUsAt(0) * US_PER_SECOND).toBeCloseTo(11_500 / 86_400, 9);
    expect(oneMinuteDay.perUsAt(0) / realTime.perUsAt(0)).toBeCloseTo(1440, 6);
  });
});

describe('arrivals follow the curve (chi-square goodness of fit)', () => {
  /** Arrival counts per played hour for one compressed day (1 real hour), ≈20,000 arrivals. */
  function hourlyCounts(weights: readonly number[], seed: number): number[] {
    const clock = { startHour: 0, dayInUs: US_PER_HOUR, day: 'weekday' as const, preRollUs: 0 };
    const rate = conversationArrivalRate({
      users: 20_000,
      activeShare: 1,
      conversationsPerActiveUserDay: 1,
      dayFactor: 1,
      curve: createDiurnalCurve(weights, UTC),
      clock,
    });
    const stream = new ArrivalStream(rate, createRng(seed, 1), US_PER_HOUR);
    const counts = Array.from({ length: 24 }, () => 0);
    let previous = -1;
    for (let at = stream.next(); at !== undefined; at = stream.next()) {
      expect(at).toBeGreaterThanOrEqual(previous);
      previous = at;
      const hour = Math.floor(playedHourAt(clock, at));
      counts[hour] = (counts[hour] ?? 0) + 1;
    }
    return counts;
  }

  /** Pearson's statistic of counts against the hourly weights, conditional on the total. */
  function chiSquare(counts: readonly number[], weights: readonly number[]): number {
    const total = counts.reduce((a, b) => a + b, 0);
    const weightSum = weights.reduce((a, b) => a + b, 0);
    return counts.reduce((sum, observed, h) => {
      const expected = (total * (weights[h] ?? 0)) / weightSum;
      return sum + (observed - expected) ** 2 / expected;
    }, 0);
  }

  // 24 bins, total fixed → df = 23; χ²(0.999, 23) = 49.73 (α = 0.001).
  const CRITICAL_23_DF = 49.728;

  test.each([
    ['customer service', CUSTOMER_SERVICE_HOURLY],
    ['general chatbot', GENERAL_CHATBOT_HOURLY],
  ])('%s: hourly counts fit the curve (χ² < 49.73, df 23, α 0.001)', (_name, weights) => {
    const counts = hourlyCounts(weights, 11);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(19_000);
    expect(chiSquare(counts, weights)).toBeLessThan(CRITICAL_23_DF);
  });

  test('the test has power: flat arrivals are rejected against the customer-service curve', () => {
    expect(chiSquare(hourlyCounts(FLAT, 11), CUSTOMER_SERVICE_HOURLY)).toBeGreaterThan(CRITICAL_23_DF);
  });
});
