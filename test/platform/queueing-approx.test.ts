import { describe, expect, test } from 'vitest';
import { CapacityModel } from '../../src/platform/capacity-model.js';
import { EventQueue } from '../../src/sim/event-queue.js';
import { seededUniform } from '../../src/platform/distribution-sampler.js';
import { peakDemandAt } from '../../src/platform/peak-demand.js';
import { erlangC, estimateQueue, parseLatencySlo, type ServiceLaw, slotsForSlo } from '../../src/platform/queueing-approx.js';
import { loadScenarioText } from '../../src/scenario/load-scenario.js';
import type { Distribution } from '../../src/scenario/distribution-schema.js';
import { profileScenario } from '../../src/traffic/profile.js';

const law = (dist: Distribution): ServiceLaw => ({ components: [{ weight: 1, dist }] });
const relative = (a: number, b: number) => Math.abs(a / b - 1);

/** Erlang C by its textbook definition, sums of a^k / k!, for small c. */
function erlangCByDefinition(c: number, a: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k += 1) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = term * (c / (c - a));
  return top / (sum + top);
}

describe('Erlang C', () => {
  test('exact values: one slot waits with probability ρ; C(2, 1) = 1/3; C(10, 8) = 0.40918 (Erlang C tables)', () => {
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 14);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 14);
    expect(erlangC(10, 8)).toBeCloseTo(0.4091801507964435, 12);
  });
  test.each([
    [8, 4],
    [20, 15],
    [50, 45],
    [120, 110.5],
  ])('the stable recursion equals the definition for c = %i, a = %f', (c, a) => {
    expect(relative(erlangC(c, a), erlangCByDefinition(c, a))).toBeLessThan(1e-10);
  });
  test('large c stays finite: 10,000 slots at ρ = 0.99 (the definition overflows there)', () => {
    const value = erlangC(10_000, 9_900);
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThan(1);
  });
});

describe('M/M/c and M/G/1 in closed form', () => {
  test('M/M/1, E[S] = 10 ms, λ = 80/s: Wq = ρ E[S] / (1 − ρ) = 40 ms; P(W > t) = ρ e^(−(μ − λ) t)', () => {
    const q = estimateQueue(1, 80, law({ dist: 'exponential', mean: 10 }));
    expect(q.utilisation).toBeCloseTo(0.8, 12);
    expect(q.meanWaitMs).toBeCloseTo(40, 9);
    // p99 of the wait: ρ e^(−t/50 ms) = 0.01 → t = 50 ln 80.
    expect(q.waitQuantileMs(0.99)).toBeCloseTo(50 * Math.log(80), 9);
    expect(q.waitQuantileMs(0.1)).toBe(0);
  });

  test.each([0.5, 0.9])('M/M/8 at ρ = %f: sojourn quantiles match the closed form (W + S, exponentials)', (rho) => {
    const c = 8;
    const meanMs = 10;
    const lambdaPerMs = (rho * c) / meanMs;
    const q = estimateQueue(c, lambdaPerMs * 1000, law({ dist: 'exponential', mean: meanMs }));
    const mu = 1 / meanMs;
    const theta = c * mu - lambdaPerMs;
    const pWait = erlangCByDefinition(c, rho * c);
    // P(T > t) = (1 − C) e^(−μt) + C (θ e^(−μt) − μ e^(−θt)) / (θ − μ)
    const survival = (t: number) => (1 - pWait) * Math.exp(-mu * t) + (pWait * (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t))) / (theta - mu);
    for (const p of [0.5, 0.9, 0.99]) {
      const t = q.sojournQuantileMs(p);
      expect(Math.abs(survival(t) - (1 - p)), `p${p * 100}`).toBeLessThan(2e-3 * (1 - p) + 1e-4);
    }
  });

  test('M/G/1 is exact (Pollaczek–Khinchine): Wq = ρ E[S] (1 + CV²) / (2 (1 − ρ)); M/D/1 halves the M/M/1 wait', () => {
    const lognormal: Distribution = { dist: 'lognormal', median: 20, p90: 60 };
    const sigma = Math.log(3) / 1.2815515655446004;
    const meanMs = 20 * Math.exp((sigma * sigma) / 2);
    const cv2 = Math.exp(sigma * sigma) - 1;
    const lambda = (0.7 / meanMs) * 1000;
    expect(estimateQueue(1, lambda, law(lognormal)).meanWaitMs).toBeCloseTo((0.7 * meanMs * (1 + cv2)) / (2 * 0.3), 6);
    expect(estimateQueue(1, 50, law({ dist: 'constant', value: 10 })).meanWaitMs).toBeCloseTo((0.5 * 10) / (2 * 0.5), 9);
  });

  test('overload is unstable: utilisation ≥ 1 gives an infinite wait', () => {
    const q = estimateQueue(4, 500, law({ dist: 'exponential', mean: 10 }));
    expect(q.stable).toBe(false);
    expect(q.meanWaitMs).toBe(Number.POSITIVE_INFINITY);
    expect(q.sojournQuantileMs(0.99)).toBe(Number.POSITIVE_INFINITY);
  });
});

/** A FIFO queue of c slots in virtual time (the platform's CapacityModel on the sim's event queue), Poisson arrivals. */
function simulateCapacity(slots: number, arrivalsPerSecond: number, service: Distribution, arrivals: number) {
  const model = new CapacityModel({ slots, queueLimit: 10_000_000, perKiBMs: 0, serviceTimeMs: { default: service } }, seededUniform(3));
  const send = model.kindIndex('send');
  const uniform = seededUniform(17);
  const waitsMs: number[] = [];
  const sojournsMs: number[] = [];
  const warmup = arrivals / 10;
  const arrivedUs = new Float64Array(arrivals);
  const startedUs = new Float64Array(arrivals);
  const events = new EventQueue();
  const done = (handle: number, nowUs: number) => {
    if (handle < warmup) return;
    waitsMs.push((startedUs[handle]! - arrivedUs[handle]!) / 1000);
    sojournsMs.push((nowUs - arrivedUs[handle]!) / 1000);
  };
  let arrived = 0;
  events.push(0, -1);
  while (events.size > 0) {
    const nowUs = events.peekTimeUs();
    const handle = events.pop();
    if (handle < 0) {
      const index = arrived++;
      arrivedUs[index] = nowUs;
      startedUs[index] = nowUs;
      const result = model.admit(index, send, 0, nowUs, true);
      if (result >= 0) events.push(nowUs + result, index);
      if (arrived < arrivals) events.push(nowUs + Math.round((-Math.log(1 - uniform()) / arrivalsPerSecond) * 1e6), -1);
      continue;
    }
    done(handle, nowUs);
    const next = model.release(nowUs);
    if (next >= 0) {
      startedUs[next] = nowUs;
      events.push(nowUs + model.startedServiceUs, next);
    }
  }
  sojournsMs.sort((a, b) => a - b);
  return { meanWaitMs: waitsMs.reduce((a, b) => a + b, 0) / waitsMs.length, sojournP99Ms: sojournsMs[Math.floor(0.99 * sojournsMs.length)]! };
}

describe('M/G/c: Allen–Cunneen against the capacity model simulated', () => {
  // The mock's default service time (lognormal median 20 ms, p90 60 ms: CV² ≈ 1.085), 8 slots, ρ = 0.85.
  // As run: mean wait 14.4 ms estimated vs 14.0 simulated; sojourn p99 178.0 vs 178.4 ms.
  const service: Distribution = { dist: 'lognormal', median: 20, p90: 60 };
  const estimate = estimateQueue(8, (0.85 * 8 * 1000) / (20 * Math.exp((Math.log(3) / 1.2815515655446004) ** 2 / 2)), law(service));
  const simulated = simulateCapacity(8, estimate.arrivalsPerSecond, service, 150_000);

  test('mean wait within 10 % (the approximation’s error plus 150 k arrivals of noise)', () => {
    expect(estimate.service.squaredCv).toBeCloseTo(1.085, 3);
    expect(relative(estimate.meanWaitMs, simulated.meanWaitMs)).toBeLessThan(0.1);
  });
  test('sojourn p99 within 5 %', () => {
    expect(relative(estimate.sojournQuantileMs(0.99), simulated.sojournP99Ms)).toBeLessThan(0.05);
  });
});

describe('slots needed for a latency SLO', () => {
  test('parses SLOs: sojourn by default, p99.9, mean, seconds', () => {
    expect(parseLatencySlo('p99<1s')).toEqual({ measure: 'sojourn', statistic: 0.99, belowMs: 1000 });
    expect(parseLatencySlo('wait.mean<50ms')).toEqual({ measure: 'wait', statistic: 'mean', belowMs: 50 });
    expect(parseLatencySlo('sojourn.p99.9 < 250ms')).toEqual({ measure: 'sojourn', statistic: 0.999, belowMs: 250 });
    expect(parseLatencySlo('p100<1s')).toBeUndefined();
    expect(parseLatencySlo('latency<1s')).toBeUndefined();
  });

  test('M/M/c, λ = 100/s, E[S] = 100 ms (10 Erlangs), mean wait < 10 ms: the smallest c by the textbook formula', () => {
    const meanWait = (c: number) => (erlangCByDefinition(c, 10) * 100) / (c - 10);
    let byHand = 11;
    while (meanWait(byHand) >= 10) byHand += 1;
    const found = slotsForSlo(100, law({ dist: 'exponential', mean: 100 }), { measure: 'wait', statistic: 'mean', belowMs: 10 });
    expect(found.slots).toBe(byHand);
    expect(meanWait(byHand - 1)).toBeGreaterThanOrEqual(10);
  });

  test('the answer is minimal: one slot fewer breaks the sojourn p99, and more never does', () => {
    const service = law({ dist: 'lognormal', median: 20, p90: 60 });
    const slo = { measure: 'sojourn', statistic: 0.99, belowMs: 250 } as const;
    const found = slotsForSlo(5_000, service, slo);
    expect(found.valueMs).toBeLessThan(250);
    expect(estimateQueue(found.slots! - 1, 5_000, service).sojournQuantileMs(0.99)).toBeGreaterThanOrEqual(250);
    expect(estimateQueue(found.slots! + 5, 5_000, service).sojournQuantileMs(0.99)).toBeLessThan(250);
  });

  test('an SLO the service time alone breaks cannot be met with any number of slots', () => {
    // p99 of lognormal(20 ms, p90 60 ms) = 20 · e^(2.326 σ) ≈ 147 ms.
    const found = slotsForSlo(100, law({ dist: 'lognormal', median: 20, p90: 60 }), { measure: 'sojourn', statistic: 0.99, belowMs: 100 });
    expect(found.slots).toBeUndefined();
    expect(found.valueMs).toBeGreaterThan(140);
  });
});

describe('peak demand from the profile', () => {
  const scenario = loadScenarioText(
    [
      'name: demand',
      'users: 1000',
      'traffic:',
      '  mix:',
      '    - { shape: customer-service }',
      '    - { shape: general-chatbot }',
      'mock:',
      '  capacity:',
      '    serviceTimeMs: { default: { dist: constant, value: 10 }, media: { dist: constant, value: 40 } }',
    ].join('\n'),
    undefined,
  );
  test('ops/s at N users = per enrolled user-day × N × peak multiplier ÷ 86,400; a media op is two services', () => {
    const [cs, chatbot] = peakDemandAt(scenario, 1_000_000);
    const profile = profileScenario(scenario).shapes;
    const factor = (1_000_000 * profile[1]!.peak.multiplier) / 86_400;
    expect(chatbot!.opsPerSecond.send).toBeCloseTo(profile[1]!.perEnrolledUserDay.ops.send * factor, 9);
    const ops = Object.values(chatbot!.opsPerSecond).reduce((a, b) => a + b, 0);
    expect(chatbot!.servicesPerSecond).toBeCloseTo(ops + chatbot!.opsPerSecond.media, 9);
    expect(chatbot!.offeredErlangs).toBeCloseTo(((ops - chatbot!.opsPerSecond.media) * 10 + chatbot!.opsPerSecond.media * 2 * 40) / 1000, 9);
    expect(cs!.peakHour).toBe(10);
    expect(chatbot!.peakHour).toBe(21);
  });
});
