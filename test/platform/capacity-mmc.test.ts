import { describe, expect, test } from 'vitest';
import { CapacityModel, QUEUED, REFUSED } from '../../src/platform/capacity-model.js';
import { seededUniform } from '../../src/platform/distribution-sampler.js';
import { EventQueue } from '../../src/sim/event-queue.js';

/** Erlang C: probability that an arrival waits, for c servers and offered load a = λ/μ. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const top = ((term * a) / c) * (c / (c - a));
  return top / (sum + top);
}

/** Quantile of time in system T = W + S for M/M/c, by bisection on P(T > t). */
function mmcQuantile(c: number, lambda: number, mu: number, q: number): number {
  const pWait = erlangC(c, lambda / mu);
  const theta = c * mu - lambda;
  const tail = (t: number) =>
    (1 - pWait) * Math.exp(-mu * t) +
    (pWait * (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t))) / (theta - mu);
  let lo = 0;
  let hi = 1;
  while (tail(hi) > 1 - q) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (tail(mid) > 1 - q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

describe('capacity model as M/M/c', () => {
  const slots = 8;
  const meanServiceMs = 10;
  const mu = 1 / (meanServiceMs * 1000); // per µs
  for (const rho of [0.5, 0.9]) {
    test(`ρ = ${rho}: p50/p90/p99 of time in system within 10 % of Erlang C`, () => {
      const model = new CapacityModel(
        {
          slots,
          queueLimit: 1_000_000,
          perKiBMs: 0,
          serviceTimeMs: { send: { dist: 'exponential', mean: meanServiceMs } },
        },
        seededUniform(7),
      );
      const send = model.kindIndex('send');
      const lambda = rho * slots * mu;
      const random = seededUniform(11);
      const arrivals = 300_000;
      const warmup = 20_000;
      const times = new Float64Array(arrivals - warmup);
      const arrivedUs = new Float64Array(arrivals);
      // The sim's event queue drives the state machine: payload −1 = next arrival, else the handle whose service ends.
      const events = new EventQueue();
      const record = (handle: number, doneUs: number) => {
        if (handle >= warmup) times[handle - warmup] = doneUs - (arrivedUs[handle] as number);
      };
      let arrived = 0;
      events.push(0, -1);
      while (events.size > 0) {
        const nowUs = events.peekTimeUs();
        const payload = events.pop();
        if (payload < 0) {
          const handle = arrived++;
          arrivedUs[handle] = nowUs;
          const result = model.admit(handle, send, 0, nowUs, true);
          if (result >= 0) events.push(nowUs + result, handle);
          else expect(result).toBe(QUEUED);
          if (arrived < arrivals) events.push(nowUs + Math.round(-Math.log(1 - random()) / lambda), -1);
          continue;
        }
        record(payload, nowUs);
        const next = model.release(nowUs);
        if (next >= 0) events.push(nowUs + model.startedServiceUs, next);
      }
      times.sort();
      for (const q of [0.5, 0.9, 0.99]) {
        const expected = mmcQuantile(slots, lambda, mu, q);
        const measured = quantile(times, q);
        expect(
          Math.abs(measured - expected) / expected,
          `p${q * 100}: ${measured} vs ${expected}`,
        ).toBeLessThan(0.1);
      }
      expect(model.inService).toBe(0);
      expect(model.queueDepth).toBe(0);
      expect(model.served).toBe(arrivals);
    });
  }

  test('a full queue refuses business calls; a user message is queued beyond the limit', () => {
    const model = new CapacityModel(
      { slots: 1, queueLimit: 1, perKiBMs: 0, serviceTimeMs: { default: { dist: 'constant', value: 5 } } },
      seededUniform(1),
    );
    const send = model.kindIndex('send');
    expect(model.admit(0, send, 0, 0, true)).toBe(5000);
    expect(model.admit(1, send, 0, 0, true)).toBe(QUEUED);
    expect(model.hasRoom()).toBe(false);
    expect(model.admit(2, send, 0, 0, true)).toBe(REFUSED);
    expect(model.admit(3, model.kindIndex('inbound'), 0, 0, false)).toBe(QUEUED);
    expect(model.release(5000)).toBe(1);
    expect(model.startedQueuedUs).toBe(5000);
    expect(model.release(10_000)).toBe(3);
    expect(model.release(15_000)).toBe(-1);
    expect(model.hasRoom()).toBe(true);
    expect(model.maxQueueDepth).toBe(2);
  });

  test('zero service time starts at once; cost grows with payload', () => {
    const model = new CapacityModel({ slots: 1, queueLimit: 0, perKiBMs: 2 }, seededUniform(1));
    expect(model.sampleServiceUs(model.kindIndex('send'), 0)).toBe(0);
    expect(model.sampleServiceUs(model.kindIndex('send'), 2048)).toBe(4000);
    expect(model.admit(0, model.kindIndex('read'), 0, 0, true)).toBe(0);
    expect(model.admit(1, model.kindIndex('read'), 512, 0, false)).toBe(QUEUED);
  });
});
