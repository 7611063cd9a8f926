import { describe, expect, test } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load-scenario.js';
import { CUSTOMER_SERVICE_HOURLY, GENERAL_CHATBOT_HOURLY } from '../../src/scenario/traffic-schema.js';
import { createDiurnalCurve } from '../../src/traffic/diurnal-curve.js';
import { clockHourText, integrateCurveHours, timeBaseOf } from '../../src/traffic/time-base.js';
import { US_PER_HOUR, US_PER_SECOND } from '../../src/units.js';

const UTC = [{ offsetHours: 0, share: 1 }];

const scenario = (clock: string, chatbotParams = '{}') =>
  loadScenarioText(`name: t\nusers: 1000\nduration: 1h\nclock: ${clock}\ntraffic:\n  mix:\n    - { shape: customer-service }\n    - { shape: general-chatbot, params: ${chatbotParams} }\n`, undefined);

describe('a result’s time base', () => {
  test('the window’s share of a day is the hourly curve’s weight over the played hours (§3.3: CS 8.9 % at 10:00)', () => {
    const cs = createDiurnalCurve(CUSTOMER_SERVICE_HOURLY, UTC);
    expect(integrateCurveHours(cs, UTC, 10, 1).integral / 24).toBeCloseTo(0.089, 12);
    // Half of 10:00 and half of 11:00: (8.9 + 8.7) / 2 %.
    expect(integrateCurveHours(cs, UTC, 10.5, 1).integral / 24).toBeCloseTo(0.088, 12);
    // Across midnight: 23:00 (1.2 %) and 00:00 (0.6 %).
    expect(integrateCurveHours(cs, UTC, 23, 2).integral / 24).toBeCloseTo(0.018, 12);
    // Whole days integrate to 24 hours each, whatever the start.
    expect(integrateCurveHours(cs, UTC, 7.25, 48).integral).toBeCloseTo(48, 9);
    // A zone at UTC+5:30 moves the steps to half hours: 10:00–10:30 on the clock is 15:30–16:00 local (8.4 %).
    const india = [{ offsetHours: 5.5, share: 1 }];
    expect(integrateCurveHours(createDiurnalCurve(CUSTOMER_SERVICE_HOURLY, india), india, 10, 0.5).integral / 24).toBeCloseTo(0.084 / 2, 12);
  });

  test('hour policy: same hours, whole day, each shape at its own peak, or as configured', () => {
    const oneHour = timeBaseOf(scenario('{ startHour: 10 }'), US_PER_HOUR);
    expect(oneHour.hourPolicy).toBe('same-hour');
    expect(oneHour.shapes.map((s) => s.coversPeak)).toEqual([true, false]);
    expect(oneHour.shapes[1]!.windowShareOfDay).toBeCloseTo(GENERAL_CHATBOT_HOURLY[10]! / 100, 12);
    expect(timeBaseOf(scenario('{ startHour: 10 }'), 24 * US_PER_HOUR).hourPolicy).toBe('whole-day');
    // The chatbot's users 11 hours ahead: its 21:00 peak falls at 10:00 on the clock, with customer service's.
    const ownPeak = timeBaseOf(scenario('{ startHour: 10 }', '{ timezones: [{ offsetHours: 11, share: 1 }] }'), US_PER_HOUR);
    expect(ownPeak.hourPolicy).toBe('own-peak');
    expect(timeBaseOf(scenario('{ startHour: 3 }', '{ timezones: [{ offsetHours: 11, share: 1 }] }'), US_PER_HOUR).hourPolicy).toBe('as-configured');
  });

  test('a compressed day plays day ÷ dayIn hours per hour: a day in 4 minutes, 1 minute run = 6 played hours', () => {
    const base = timeBaseOf(scenario('{ startHour: 10, dayIn: 4m }'), 60 * US_PER_SECOND);
    expect(base.compressed).toBe(true);
    expect(base.playedHours).toBeCloseTo(6, 12);
    expect(timeBaseOf(scenario('{ startHour: 10 }'), 60 * US_PER_SECOND).compressed).toBe(false);
  });
});

describe('clock hours as text', () => {
  test('whole minutes as HH:MM, seconds only when there are some, wrapped to the day', () => {
    expect(clockHourText(9.5)).toBe('09:30');
    expect(clockHourText(10 + 3 / 3_600)).toBe('10:00:03');
    expect(clockHourText(25.25)).toBe('01:15');
    expect(clockHourText(-0.5)).toBe('23:30');
  });
});
