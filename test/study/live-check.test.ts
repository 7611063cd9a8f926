import { describe, expect, it } from 'vitest';
import { liveCheck } from '../../src/study/live-check.js';
import { measureOf } from './study-fixtures.js';

describe('the live cross-check', () => {
  const point = { shape: 'general-chatbot' as const, users: 500_000, startHour: 21, durationUs: 60_000_000 };
  // Sim replicates with 600, 620, 640, 660 inbound in 60 s: 10, 10.33, 10.67, 11 per second (mean 10.5, s = √(5/27)).
  const sim = [600, 620, 640, 660].map((inbound) => measureOf({ sent: { inbound, send: inbound }, sojournP99Us: 100_000 }));

  it('expects a live run in the prediction interval mean ± t(0.975, n − 1)·s·√(1/n + 1/k), not the mean’s CI', () => {
    const half = 3.1824463 * Math.sqrt(5 / 27) * Math.sqrt(1 / 4 + 1);
    const inside = liveCheck(point, [measureOf({ sent: { inbound: 10.5 * 60 + 0.95 * half * 60, send: 630 }, sojournP99Us: 100_000 })], sim, ['live/r00']);
    const row = inside.rows.find((r) => r.metric === 'inbound per second')!;
    expect(row.expectedLow).toBeCloseTo(10.5 - half, 6);
    expect(row.expectedHigh).toBeCloseTo(10.5 + half, 6);
    expect(row.agrees).toBe(true);
    // The sim mean's own 95 % CI (half-width t·s/√n) would have refused it.
    expect(row.live.mean!).toBeGreaterThan(row.sim.high!);
  });

  it('disagrees when any figure falls outside, and says which', () => {
    const check = liveCheck(point, [measureOf({ sent: { inbound: 900, send: 630 }, sojournP99Us: 100_000 })], sim, []);
    expect(check.agrees).toBe(false);
    expect(check.rows.filter((r) => !r.agrees).map((r) => r.metric)).toEqual(['inbound per second', 'platform operations per second']);
  });
});
