import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import { FaultInjector } from '../../src/platform/fault-injector.js';
import { build, clockAt, graphError, userSays } from './mock-harness.js';

let app: FastifyInstance;
afterEach(async () => {
  await app?.close();
});

describe('fault injection', () => {
  test('stalls hold answers until the stall ends; spikes add latency', () => {
    const faults = new FaultInjector(
      { always: { stall: { everyMs: 1000, durationMs: 100 } }, schedule: [] },
      0,
      () => 0.5,
    );
    expect(faults.holdMsAt(20)).toBe(80);
    expect(faults.holdMsAt(150)).toBe(0);
    expect(faults.holdMsAt(1050)).toBe(50);
    const spikes = new FaultInjector(
      { always: { latencySpike: { probability: 0.6, addedMs: 250 } }, schedule: [] },
      0,
      () => 0.5,
    );
    expect(spikes.holdMsAt(0)).toBe(250);
  });

  test('error rates apply only inside their scheduled window', () => {
    const faults = new FaultInjector(
      { schedule: [{ fromMs: 1000, toMs: 2000, fault: { errorRates: [{ code: 131000, rate: 1 }] } }] },
      0,
      () => 0.1,
    );
    expect(faults.errorCodeAt(500)).toBeUndefined();
    expect(faults.errorCodeAt(1500)).toBe(131000);
    expect(faults.errorCodeAt(2000)).toBeUndefined();
    expect(new FaultInjector({ schedule: [] }, 0, () => 0).active).toBe(false);
  });

  test('through HTTP: an injected error answers in the Graph envelope; a stall delays the answer', async () => {
    let nowUs = 0;
    app = build(
      { faults: { always: { errorRates: [{ code: 131000, rate: 1 }] } } },
      { clock: clockAt(() => nowUs) },
    );
    const res = await userSays(app);
    expect(res.statusCode).toBe(500);
    expect(graphError(res.body).code).toBe(131000);
    await app.close();
    app = build(
      { faults: { always: { stall: { everyMs: 10_000, durationMs: 60 } } } },
      { clock: clockAt(() => nowUs) },
    );
    nowUs = 0;
    const started = performance.now();
    expect((await userSays(app)).statusCode).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
  });
});
