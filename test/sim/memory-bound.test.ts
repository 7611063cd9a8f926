import { describe, expect, test } from 'vitest';
import { resolveMockSettings } from '../../src/scenario/mock-schema.js';
import { ClusterSim } from '../../src/sim/cluster-sim.js';
import { US_PER_DAY, US_PER_HOUR } from '../../src/units.js';
import { generalChatbotParams, scenarioFixture } from '../traffic/scenario-fixture.js';

/**
 * What a cluster holds follows what is concurrent — calls in flight, pending events, users
 * active within the last 24 hours, the bounded message memory — never the total simulated:
 * over three days of a flat load, the footprint after day 1 stays where it was while the
 * operations keep adding up.
 */
describe('sim memory follows concurrency, not totals', () => {
  test('three flat days: the footprint of days 2 and 3 is that of day 1, the operations triple', () => {
    const mock = resolveMockSettings({ maxTrackedMessages: 20_000, enforceThroughput: false, pairRate: { enabled: false }, capacity: { slots: 8, serviceTimeMs: { default: { dist: 'exponential', mean: 20 } } } });
    // The activity share the bounds were set with (traffic-profiles §3.1), stated so that a change of the
    // default does not move them: at 15 % a day's conversations reach most of the 40,000 users.
    const flat = generalChatbotParams({ hourlyWeights: new Array(24).fill(1), activeShare: 0.15 });
    const scenario = { ...scenarioFixture({ users: 40_000, durationUs: 3 * US_PER_DAY, mix: [{ shape: 'general-chatbot', weight: 1, params: flat }], preRollUs: 0 }), mock };
    const sim = new ClusterSim({ scenario, cluster: 0, clusters: 1, cells: Array.from({ length: 64 }, (_, c) => c) });
    const samples: { day: number; users: number; slots: number; messages: number; inFlight: number; events: number; ops: number }[] = [];
    let ops = 0;
    for (let hour = 1; hour <= 72; hour++) {
      sim.advanceTo(hour * US_PER_HOUR);
      sim.borrowInterval(hour - 1, (interval) => {
        for (const series of interval.series.values()) ops += series.counters.sent;
      });
      if (hour % 24 === 0) {
        const f = sim.footprint();
        samples.push({ day: hour / 24, users: f.trackedUsers, slots: f.userSlots, messages: f.trackedMessages, inFlight: f.inFlight, events: f.pendingEvents, ops });
      }
    }
    const [day1, day2, day3] = samples as [(typeof samples)[0], (typeof samples)[0], (typeof samples)[0]];
    expect(day3.ops / day1.ops).toBeGreaterThan(2.8);
    // Users with 24-hour state: the table leaves expired ones behind whenever it must grow and
    // sizes itself from the live ones, so its memory (slots) stops growing once the first day is
    // over, while its entries (expired ones included until then) stay within its 70 % load.
    expect(day2.slots, JSON.stringify(samples)).toBeLessThanOrEqual(2 * day1.slots);
    expect(day3.slots, JSON.stringify(samples)).toBeLessThanOrEqual(day2.slots);
    expect(day3.users).toBeLessThanOrEqual(0.7 * day3.slots);
    expect(day3.messages).toBeLessThanOrEqual(20_000);
    expect(day3.inFlight).toBeLessThan(100);
    expect(day3.events).toBeLessThanOrEqual(8);
  });
});
