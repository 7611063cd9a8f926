import { describe, expect, test } from 'vitest';
import { CapacityModel } from '../../src/platform/capacity-model.js';
import { seededUniform } from '../../src/platform/distribution-sampler.js';
import { ESTIMATED_SERVICE_TIME_MS } from '../../src/scenario/latency-estimate.js';
import { loadScenarioFile } from '../../src/scenario/load-scenario.js';
import { resolveMockSettings } from '../../src/scenario/mock-schema.js';
import { build, send, textTo, userSays } from '../mock/mock-harness.js';

const SOJOURN = 'x-chatload-sojourn-us';

describe('the default latency model (decision 0010)', () => {
  test('a mock configured with nothing models the estimate: lognormal 20/60 ms, media 40/120 ms', () => {
    const capacity = resolveMockSettings({}).capacity;
    expect(capacity.latency).toBe('modelled');
    expect(capacity.serviceTimeMs).toEqual({
      default: { dist: 'lognormal', median: 20, p90: 60 },
      media: { dist: 'lognormal', median: 40, p90: 120 },
    });
  });

  test('the two main scenarios use the same one estimate', () => {
    for (const file of ['scenarios/customer-service.yaml', 'scenarios/general-chatbot.yaml'])
      expect(loadScenarioFile(file).mock.capacity.serviceTimeMs).toEqual(ESTIMATED_SERVICE_TIME_MS);
  });

  test('draws have the estimate’s median: 20 ms for a send, 40 ms for media (±5 % over 4,001 draws)', () => {
    const model = new CapacityModel(resolveMockSettings({}).capacity, seededUniform(3));
    const medianMs = (kind: string) => {
      const index = model.kindIndex(kind);
      const draws = Array.from({ length: 4001 }, () => model.sampleServiceUs(index, 0) / 1000);
      return draws.sort((a, b) => a - b)[2000]!;
    };
    expect(medianMs('send')).toBeGreaterThan(19);
    expect(medianMs('send')).toBeLessThan(21);
    expect(medianMs('media')).toBeGreaterThan(38);
    expect(medianMs('media')).toBeLessThan(42);
  });

  test('latency off serves every kind in zero time, whatever serviceTimeMs says', () => {
    const settings = resolveMockSettings({ capacity: { latency: 'off', perKiBMs: 5 } });
    const model = new CapacityModel(settings.capacity, seededUniform(3));
    for (const kind of ['send', 'media', 'inbound'])
      expect(model.sampleServiceUs(model.kindIndex(kind), 4096)).toBe(0);
  });

  test('over HTTP: a default mock answers after its modelled service, one with latency off at once', async () => {
    const modelled = build({ capacity: { latency: 'modelled' } });
    const off = build({ capacity: { latency: 'off' } });
    try {
      for (const app of [modelled, off]) await userSays(app);
      const slow = await send(modelled, textTo());
      const fast = await send(off, textTo());
      expect(slow.statusCode).toBe(200);
      expect(Number(slow.headers[SOJOURN])).toBeGreaterThan(0);
      expect(Number(fast.headers[SOJOURN])).toBe(0);
    } finally {
      await Promise.all([modelled.close(), off.close()]);
    }
  });
});
