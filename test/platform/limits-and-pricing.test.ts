import { describe, expect, test } from 'vitest';
import { ErrorCatalogue } from '../../src/platform/error-catalogue.js';
import { priceMessage } from '../../src/platform/pricing.js';
import { pairRateLimiter, throughputLimiter } from '../../src/platform/rate-limiters.js';
import { ServiceWindows } from '../../src/platform/service-window.js';

const SECOND_US = 1_000_000;

describe('throughput limit per number', () => {
  test('80/s: 80 back to back, the 81st refused, one more every 12.5 ms', () => {
    const limiter = throughputLimiter(80);
    for (let i = 0; i < 80; i++) expect(limiter.tryTake('n', 0)).toBe(true);
    expect(limiter.tryTake('n', 0)).toBe(false);
    expect(limiter.tryTake('n', 12_400)).toBe(false);
    expect(limiter.tryTake('n', 12_500)).toBe(true);
    expect(limiter.tryTake('other', 0)).toBe(true);
  });

  test('sustained 80/s for 10 s is all accepted; 100/s is cut to ~80/s', () => {
    const limiter = throughputLimiter(80);
    let ok = 0;
    for (let i = 0; i < 800; i++) if (limiter.tryTake('a', (i * SECOND_US) / 80)) ok++;
    expect(ok).toBe(800);
    const fast = throughputLimiter(80);
    let accepted = 0;
    for (let i = 0; i < 1000; i++) if (fast.tryTake('b', (i * SECOND_US) / 100)) accepted++;
    expect(accepted).toBeGreaterThanOrEqual(800);
    expect(accepted).toBeLessThanOrEqual(881);
  });

  test('the burst is its own setting: 20 back to back at 80/s, then one every 12.5 ms; absent, it equals the rate', () => {
    const tight = throughputLimiter(80, 20);
    for (let i = 0; i < 20; i++) expect(tight.tryTake('n', 0)).toBe(true);
    expect(tight.tryTake('n', 0)).toBe(false);
    expect(tight.tryTake('n', 12_500)).toBe(true);
    const wide = throughputLimiter(1000, 5000);
    let accepted = 0;
    for (let i = 0; i < 6000; i++) if (wide.tryTake('n', 0)) accepted++;
    expect(accepted).toBe(5000);
    const byDefault = throughputLimiter(1000);
    accepted = 0;
    for (let i = 0; i < 6000; i++) if (byDefault.tryTake('n', 0)) accepted++;
    expect(accepted).toBe(1000);
  });
});

describe('pair rate limit', () => {
  test('burst of 45, then one per 6 s; the debt of a burst is repaid first', () => {
    const limiter = pairRateLimiter(6, 45);
    for (let i = 0; i < 45; i++) expect(limiter.tryTake('p:u', 0)).toBe(true);
    expect(limiter.tryTake('p:u', 0)).toBe(false);
    expect(limiter.waitUs('p:u', 0)).toBe(6 * SECOND_US);
    expect(limiter.tryTake('p:u', 5.9 * SECOND_US)).toBe(false);
    expect(limiter.tryTake('p:u', 6 * SECOND_US)).toBe(true);
    expect(limiter.tryTake('p:u', 6 * SECOND_US)).toBe(false);
  });
});

describe('customer-service window and pricing', () => {
  test('opens on a user message, lasts 24 h, restarts on the next', () => {
    const windows = new ServiceWindows(24);
    const key = ServiceWindows.pairKey('1', '2');
    const day = 24 * 3600 * SECOND_US;
    expect(windows.isOpen(key, 0)).toBe(false);
    windows.open(key, 0);
    expect(windows.isOpen(key, day - 1)).toBe(true);
    expect(windows.isOpen(key, day)).toBe(false);
    windows.open(key, day);
    expect(windows.isOpen(key, day + 1)).toBe(true);
    windows.prune(3 * day);
    expect(windows.openPairs).toBe(0);
  });

  test('PMP: service free, utility free inside the window, templates otherwise charged', () => {
    expect(priceMessage(false, 'utility', true)).toEqual({
      billable: false,
      pricing_model: 'PMP',
      type: 'free_customer_service',
      category: 'service',
    });
    expect(priceMessage(true, 'utility', true).billable).toBe(false);
    expect(priceMessage(true, 'utility', false)).toMatchObject({
      billable: true,
      type: 'regular',
      category: 'utility',
    });
    expect(priceMessage(true, 'marketing', true)).toMatchObject({ billable: true, category: 'marketing' });
    expect(priceMessage(true, 'authentication', false)).toMatchObject({
      billable: true,
      category: 'authentication',
    });
  });
});

describe('error catalogue', () => {
  test('Graph envelope with the default and overridden HTTP status', () => {
    const catalogue = new ErrorCatalogue({ '131056': 429 });
    const e = catalogue.error(130429);
    expect(e.httpStatus).toBe(400);
    expect(e.body.error).toMatchObject({
      message: '(#130429) Rate limit hit',
      type: 'OAuthException',
      code: 130429,
      error_data: { messaging_product: 'whatsapp', details: expect.any(String) },
      fbtrace_id: expect.stringMatching(/^A[\w-]{22}$/),
    });
    expect(catalogue.error(131056).httpStatus).toBe(429);
    expect(catalogue.error(190).httpStatus).toBe(401);
    expect(catalogue.error(131016).httpStatus).toBe(503);
    expect(catalogue.error(100, { subcode: 33 }).body.error.error_subcode).toBe(33);
    expect(catalogue.error(1).body.error.fbtrace_id).not.toBe(catalogue.error(1).body.error.fbtrace_id);
  });
});
