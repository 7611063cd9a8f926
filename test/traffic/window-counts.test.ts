import { describe, expect, test } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load-scenario.js';
import { windowCountStats } from '../../src/traffic/window-counts.js';
import { US_PER_HOUR, US_PER_SECOND } from '../../src/units.js';

const METRICS = {
  inbound: { inbound: 1 },
  outbound: { send: 1, template: 1, interactive: 1 },
  webhooks: { inbound: 1, send: 3, template: 3, interactive: 3 },
} as const;
const [customerService, chatbot] = loadScenarioFile('scenarios/versus.yaml').traffic.mix;
const minute = 60 * US_PER_SECOND;
const SAMPLE = 600;

describe('what a run’s window offers of the stationary expectation, and the counts’ dispersion', () => {
  test.each([
    ['customer-service', customerService!],
    ['general-chatbot', chatbot!],
  ])('%s, history played and a pre-roll longer than any conversation: every metric offered in full', (_, entry) => {
    const stats = windowCountStats(entry, { windowUs: minute, preRollUs: 48 * US_PER_HOUR, history: 'play' }, METRICS, SAMPLE);
    for (const metric of Object.values(stats)) expect(metric.offeredShare).toBeCloseTo(1, 12);
  });

  test('a live run joins at user messages: every inbound in the window is offered, some replies to earlier ones are not', () => {
    const stats = windowCountStats(customerService!, { windowUs: minute, preRollUs: 48 * US_PER_HOUR, history: 'join' }, METRICS, SAMPLE);
    expect(stats.inbound.offeredShare).toBeCloseTo(1, 12);
    expect(stats.outbound.offeredShare).toBeLessThan(1);
    expect(stats.outbound.offeredShare).toBeGreaterThan(0.5);
  });

  test('no pre-roll: conversations begun before t = 0 are missing, so less is offered', () => {
    const stats = windowCountStats(chatbot!, { windowUs: minute, preRollUs: 0, history: 'play' }, METRICS, SAMPLE);
    expect(stats.inbound.offeredShare).toBeLessThan(1);
  });

  test('dispersion, Var/mean of a compound-Poisson count = E[K²]/E[K], is at least 1 when each conversation adds a whole number; above 1 when some add several', () => {
    const stats = windowCountStats(chatbot!, { windowUs: minute, preRollUs: 48 * US_PER_HOUR, history: 'play' }, METRICS, SAMPLE);
    for (const metric of Object.values(stats)) expect(metric.dispersion).toBeGreaterThan(1);
  });

  test('a function of its inputs: asked again, the same figures (remembered, not resampled)', () => {
    const plan = { windowUs: minute, preRollUs: US_PER_HOUR, history: 'join' } as const;
    const once = windowCountStats(customerService!, plan, METRICS, SAMPLE);
    expect(windowCountStats(customerService!, { ...plan }, METRICS, SAMPLE)).toEqual(once);
    expect(windowCountStats(customerService!, plan, METRICS, SAMPLE + 1)).not.toEqual(once);
  });
});
