import { describe, expect, it } from 'vitest';
import { classifyErrors, judgeQuotaPoint, kneeFitOf, type QuotaPoint } from '../../src/study/quota-study.js';
import { measureOf } from './study-fixtures.js';

const criteria = { maxErrorShare: 0.01, inboundWaitP99Ms: 1000 };
const run = { users: 1_000_000, probe: 0, phase: 'start' as const, seed: 42 };

describe('a quota probe’s verdict', () => {
  it('passes below 1 % of 130429 errors and fails at it; counts offered messages per second over the window', () => {
    const sent = { inbound: 3_000, send: 5_000, read: 1_500, typing: 500 };
    const below = judgeQuotaPoint(measureOf({ sent, errorsByCode: { '130429': 99 } }), 'general-chatbot', run, criteria);
    expect(below).toMatchObject({ pass: true, quotaErrorShare: 99 / 10_000, messagesPerSecond: 8_000 / 60 });
    const at = judgeQuotaPoint(measureOf({ sent, errorsByCode: { '130429': 100 } }), 'general-chatbot', run, criteria);
    expect(at).toMatchObject({ pass: false, quotaErrorShare: 0.01 });
  });

  it('reports root causes apart from the follow-on errors they cause', () => {
    expect(classifyErrors({ '130429': 7, '131047': 2, '100': 1, '131016': 3, '131000': 4 })).toEqual({
      rootCause: { '130429': 7, '131016': 3, '131000': 4 },
      followOn: { '131047': 2, '100': 1 },
    });
  });

  it('fails when inbound webhooks wait at the quota past the bound, or were dropped; a few waiting is no failure', () => {
    const sent = { inbound: 1_000, send: 1_000 };
    const judge = (extra: Parameters<typeof measureOf>[0]) => judgeQuotaPoint(measureOf({ sent, ...extra }), 'general-chatbot', run, criteria).pass;
    expect(judge({ inboundQueued: 10, inboundMaxWaitUs: 5_000_000 })).toBe(true); // 1 % waited: p99 is 0
    expect(judge({ inboundQueued: 200, inboundMaxWaitUs: 900_000 })).toBe(true); // every wait under 1 s
    expect(judge({ inboundQueued: 200, inboundMaxWaitUs: 1_500_000 })).toBe(false);
    expect(judge({ inboundQueued: 100, inboundDropped: 100, inboundMaxWaitUs: 10_000 })).toBe(false);
    expect(judge({ interrupted: true })).toBe(false);
  });
});

describe('the knee of a tier', () => {
  const point = (users: number, pass: boolean): QuotaPoint => ({ ...run, users, pass, quotaErrorShare: 0, messagesPerSecond: 0, rootCause: {}, followOn: {}, inboundQueuedShare: 0, inboundMaxWaitMs: 0, detail: '' });

  it('is the middle of the gap when every pass lies below every fail, the gap shown as resolution', () => {
    const fit = kneeFitOf([point(100, true), point(110, true), point(121, false)]);
    expect(fit.separated).toBe(true);
    expect(fit.resolution).toEqual({ low: 110, high: 121 });
    expect(fit.knee).toBeCloseTo(Math.sqrt(110 * 121), 9);
  });

  it('is where the logistic fit gives P(pass) = ½ when outcomes overlap, with an interval around it', () => {
    const fit = kneeFitOf([point(100, true), point(110, true), point(110, false), point(121, true), point(121, false), point(133, false)]);
    expect(fit.separated).toBe(false);
    expect(fit.knee).not.toBeNull();
    expect(fit.knee!).toBeGreaterThan(100);
    expect(fit.knee!).toBeLessThan(133);
    expect(fit.low!).toBeLessThan(fit.knee!);
    expect(fit.high!).toBeGreaterThan(fit.knee!);
    // P(pass) at the knee is ½: β₀ + β₁ ln N* = 0.
    expect(fit.intercept! + fit.slope! * Math.log(fit.knee!)).toBeCloseTo(0, 9);
  });
});
