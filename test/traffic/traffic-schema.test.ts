import { describe, expect, test } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load-scenario.js';

const scenario = (params: string) => `
name: schema-check
seed: 1
users: 10
workers: 1
target: embedded
clock: { startHour: 10, day: weekday }
load: { connectionsPerWorker: 1 }
thresholds: []
traffic:
  mix:
    - shape: customer-service
      params:
${params.replace(/^/gm, '        ')}
`;

describe('shape parameters resolve to the user’s value or the sourced default, never a blend', () => {
  test('a lognormal given by median/p90 replaces the default given by mu/sigma', () => {
    const resolved = loadScenarioText(
      scenario('thinkTimeSeconds: { dist: lognormal, median: 30, p90: 200 }'),
      undefined,
    );
    expect(resolved.traffic.mix[0]?.params.thinkTimeSeconds).toEqual({
      dist: 'lognormal',
      median: 30,
      p90: 200,
    });
  });

  test('one media size replaces only that kind; the others keep their defaults', () => {
    const resolved = loadScenarioText(
      scenario('userMediaBytes: { image: { dist: constant, value: 1000 } }'),
      undefined,
    );
    const sizes = resolved.traffic.mix[0]?.params.userMediaBytes;
    expect(sizes?.image).toEqual({ dist: 'constant', value: 1000 });
    expect(sizes?.voice).toEqual({ dist: 'lognormal', median: 45_000, p90: 180_000, max: 16_000_000 });
  });

  test('parameters not given take the research defaults', () => {
    const entry = loadScenarioText(scenario('activeShare: 0.02'), undefined).traffic.mix[0];
    if (entry?.shape !== 'customer-service') throw new Error('expected the customer-service entry');
    const params = entry.params;
    expect(params.activeShare).toBe(0.02);
    expect(params.userMessages).toEqual({ dist: 'geometric', mean: 4.5, min: 1 });
    expect(params.userOpenedShare).toBe(0.7);
  });

  test('bad distribution parameters are reported with their field, nested ones by member', () => {
    expect(() =>
      loadScenarioText(scenario('replyChars: { dist: lognormal, median: 100, p90: 50 }'), 'x.yaml'),
    ).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({
            field: 'traffic.mix.0.params.replyChars',
            message: expect.stringMatching(/p90 \(50\)/),
          }),
        ],
      }),
    );
    expect(() =>
      loadScenarioText(scenario('userMediaBytes: { voice: { dist: uniform, min: 5, max: 1 } }'), 'x.yaml'),
    ).toThrow(
      expect.objectContaining({
        issues: [expect.objectContaining({ message: 'voice: uniform: expected max ≥ min' })],
      }),
    );
  });
});
