import { describe, expect, test } from 'vitest';
import { ErrorCatalogue } from '../../src/platform/error-catalogue.js';
import { priceMessage } from '../../src/platform/pricing.js';
import { gcraTake, pairRateShape, ThroughputQuota } from '../../src/platform/rate-limiters.js';
import { UserStateTable } from '../../src/platform/user-state-table.js';

const SECOND_US = 1_000_000;

describe('throughput quota per number (inbound + outbound)', () => {
  test('80/s: 80 sends back to back, the 81st refused, one more every 12.5 ms', () => {
    const quota = new ThroughputQuota(80, 80, 10_000);
    for (let i = 0; i < 80; i++) expect(quota.tryTake(0)).toBe(true);
    expect(quota.tryTake(0)).toBe(false);
    expect(quota.tryTake(12_400)).toBe(false);
    expect(quota.tryTake(12_500)).toBe(true);
  });

  test('sustained 80/s for 10 s is all accepted; 100/s is cut to ~80/s', () => {
    const quota = new ThroughputQuota(80, 80, 0);
    let ok = 0;
    for (let i = 0; i < 800; i++) if (quota.tryTake((i * SECOND_US) / 80)) ok++;
    expect(ok).toBe(800);
    const fast = new ThroughputQuota(80, 80, 0);
    let accepted = 0;
    for (let i = 0; i < 1000; i++) if (fast.tryTake((i * SECOND_US) / 100)) accepted++;
    expect(accepted).toBeGreaterThanOrEqual(800);
    expect(accepted).toBeLessThanOrEqual(881);
  });

  test('the burst is its own setting: 20 back to back at 80/s, then one every 12.5 ms', () => {
    const tight = new ThroughputQuota(80, 20, 0);
    for (let i = 0; i < 20; i++) expect(tight.tryTake(0)).toBe(true);
    expect(tight.tryTake(0)).toBe(false);
    expect(tight.tryTake(12_500)).toBe(true);
    const wide = new ThroughputQuota(1000, 5000, 0);
    let accepted = 0;
    for (let i = 0; i < 6000; i++) if (wide.tryTake(0)) accepted++;
    expect(accepted).toBe(5000);
  });

  test('a user message is never refused: past the burst its webhook waits one interval per message ahead', () => {
    const quota = new ThroughputQuota(80, 80, 10);
    for (let i = 0; i < 80; i++) expect(quota.waitTake(0)).toBe(0);
    expect(quota.waitTake(0)).toBe(12_500);
    expect(quota.waitTake(0)).toBe(25_000);
    // While inbound waits, sends are refused: the combined rate is exceeded.
    expect(quota.tryTake(0)).toBe(false);
    expect(quota.tryTake(20_000)).toBe(false);
  });

  test('beyond the queue limit an inbound webhook is dropped and takes no unit', () => {
    const quota = new ThroughputQuota(10, 1, 2);
    expect(quota.waitTake(0)).toBe(0);
    expect(quota.waitTake(0)).toBe(100_000);
    expect(quota.waitTake(0)).toBe(200_000);
    expect(quota.waitTake(0)).toBe(-1);
    expect(quota.waitTake(100_000)).toBe(200_000);
  });
});

describe('pair rate limit', () => {
  test('burst of 45, then one per 6 s; the debt of a burst is repaid first', () => {
    const shape = pairRateShape(6, 45);
    let tatUs = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < 45; i++) {
      tatUs = gcraTake(shape, tatUs, 0);
      expect(tatUs).not.toBeNaN();
    }
    expect(gcraTake(shape, tatUs, 0)).toBeNaN();
    expect(gcraTake(shape, tatUs, 5.9 * SECOND_US)).toBeNaN();
    tatUs = gcraTake(shape, tatUs, 6 * SECOND_US);
    expect(tatUs).not.toBeNaN();
    expect(gcraTake(shape, tatUs, 6 * SECOND_US)).toBeNaN();
  });
});

describe('customer-service window and pricing', () => {
  test('opens on a user message, lasts 24 h, restarts on the next', () => {
    const day = 24 * 3600 * SECOND_US;
    const users = new UserStateTable(day, true);
    const user = 155_500_000_000_002;
    expect(users.windowOpen(user, 0)).toBe(false);
    users.setWindowOpenedUs(users.slotOf(user, 0), 0);
    expect(users.windowOpen(user, day - 1)).toBe(true);
    expect(users.windowOpen(user, day)).toBe(false);
    users.setWindowOpenedUs(users.slotOf(user, day), day);
    expect(users.windowOpen(user, day + 1)).toBe(true);
  });

  test('the user table keeps every live user through growth and leaves expired ones behind', () => {
    const windowUs = 1_000;
    const users = new UserStateTable(windowUs, true, 16);
    for (let u = 0; u < 5_000; u++) users.setWindowOpenedUs(users.slotOf(1e14 + u * 7919, 0), 0);
    expect(users.size).toBe(5_000);
    for (let u = 0; u < 5_000; u++) expect(users.windowOpen(1e14 + u * 7919, 10)).toBe(true);
    // Past the window, the next growth leaves the old users behind: memory follows the active ones.
    for (let u = 0; u < 20_000; u++) users.setWindowOpenedUs(users.slotOf(2e14 + u, 5_000), 5_000);
    expect(users.size).toBe(20_000);
    for (let u = 0; u < 20_000; u++) expect(users.windowOpen(2e14 + u, 5_001)).toBe(true);
    expect(users.find(1e14)).toBe(-1);
  });

  test('the user table doubles as live users fill it (load 35–70 %), never quadruples', () => {
    const users = new UserStateTable(1_000_000, false);
    const capacities = new Set<number>();
    for (let u = 0; u < 100_000; u++) {
      users.setWindowOpenedUs(users.slotOf(1e9 + u, 0), 0);
      capacities.add(users.capacity);
      expect(users.size / users.capacity).toBeLessThanOrEqual(0.7);
    }
    expect([...capacities]).toEqual([1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144]);
  });

  test('without the pair limit the table keeps no pair state: reads give no debt, a write is a bug', () => {
    const users = new UserStateTable(1_000, false);
    const slot = users.slotOf(42, 0);
    expect(users.pairTatUs(slot)).toBe(Number.NEGATIVE_INFINITY);
    expect(() => users.setPairTatUs(slot, 5)).toThrow(/without it/);
    const paired = new UserStateTable(1_000, true);
    paired.setPairTatUs(paired.slotOf(42, 0), 5_000);
    expect(paired.pairTatUs(paired.find(42))).toBe(5_000);
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
