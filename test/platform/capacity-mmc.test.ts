import { describe, expect, test } from 'vitest';
import { CapacityModel, type CapacityScheduler } from '../../src/platform/capacity-model.js';
import { seededUniform } from '../../src/platform/distribution-sampler.js';

/** A tiny discrete-event loop: a binary heap of (timeUs, seq) so ties run in insertion order. */
class VirtualClock implements CapacityScheduler {
  private heap: { atUs: number; seq: number; run: () => void }[] = [];
  private seq = 0;
  private now = 0;
  nowUs(): number {
    return this.now;
  }
  after(delayUs: number, run: () => void): void {
    this.push({ atUs: this.now + delayUs, seq: this.seq++, run });
  }
  runAll(): void {
    while (this.heap.length > 0) {
      const next = this.pop();
      this.now = next.atUs;
      next.run();
    }
  }
  private less(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.atUs < y.atUs || (x.atUs === y.atUs && x.seq < y.seq);
  }
  private swap(a: number, b: number): void {
    const t = this.heap[a]!;
    this.heap[a] = this.heap[b]!;
    this.heap[b] = t;
  }
  private push(item: { atUs: number; seq: number; run: () => void }): void {
    this.heap.push(item);
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  private pop(): { atUs: number; seq: number; run: () => void } {
    const top = this.heap[0]!;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.heap.length && this.less(l, m)) m = l;
        if (r < this.heap.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

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
      const clock = new VirtualClock();
      const model = new CapacityModel(
        {
          slots,
          queueLimit: 1_000_000,
          perKiBMs: 0,
          seed: 7,
          serviceTimeMs: { send: { dist: 'exponential', mean: meanServiceMs } },
        },
        clock,
      );
      const lambda = rho * slots * mu;
      const random = seededUniform(11);
      const arrivals = 300_000;
      const warmup = 20_000;
      const times = new Float64Array(arrivals - warmup);
      let arrived = 0;
      const arrive = () => {
        const index = arrived++;
        model.submit('send', 0, ({ queuedUs, serviceUs }) => {
          if (index >= warmup) times[index - warmup] = queuedUs + serviceUs;
        });
        if (arrived < arrivals) clock.after(-Math.log(1 - random()) / lambda, arrive);
      };
      clock.after(0, arrive);
      clock.runAll();
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
    });
  }

  test('a full queue refuses: overload is the caller’s answer', () => {
    const clock = new VirtualClock();
    const model = new CapacityModel(
      {
        slots: 1,
        queueLimit: 1,
        perKiBMs: 0,
        seed: 1,
        serviceTimeMs: { default: { dist: 'constant', value: 5 } },
      },
      clock,
    );
    expect(model.submit('send', 0, () => {})).toBe(true);
    expect(model.submit('send', 0, () => {})).toBe(true);
    expect(model.canAdmit()).toBe(false);
    expect(model.submit('send', 0, () => {})).toBe(false);
    clock.runAll();
    expect(model.canAdmit()).toBe(true);
  });

  test('zero service time answers synchronously; cost grows with payload', () => {
    const clock = new VirtualClock();
    const model = new CapacityModel({ slots: 1, queueLimit: 0, perKiBMs: 2, seed: 1 }, clock);
    expect(model.sampleServiceUs('send', 0)).toBe(0);
    expect(model.sampleServiceUs('send', 2048)).toBe(4000);
    const zero = new CapacityModel({ slots: 1, queueLimit: 0, perKiBMs: 0, seed: 1 }, clock);
    let done = false;
    zero.submit('read', 100, () => {
      done = true;
    });
    expect(done).toBe(true);
  });
});
