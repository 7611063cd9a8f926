import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load-scenario.js';
import type { OpKind } from '../../src/traffic/operation.js';
import { collectOperations } from '../../src/traffic/plan.js';
import { CELL_COUNT } from '../../src/traffic/population.js';
import { profileScenario } from '../../src/traffic/profile.js';
import { windowCountDispersion } from '../../src/traffic/steady-state.js';
import { SECONDS_PER_DAY, US_PER_SECOND } from '../../src/units.js';

const ALL_CELLS = Array.from({ length: CELL_COUNT }, (_, cell) => cell);
const FLAT = `[${Array(24).fill(1).join(', ')}]`;

/**
 * The analytic profile predicts what the plan (and so a live run, which sends exactly the
 * plan) produces. With a flat day curve the arrival rate is constant, and the pre-roll (auto:
 * the conversation span's 99.9th percentile) puts the window in steady state: ops per second =
 * conversations per second × ops per conversation, kind by kind. The plan plays the pre-roll's
 * history (`history: play`), as an engine that starts its platform before t = 0 does, so the whole
 * window counts; a live run joins at user messages instead (steady-state.test.ts shows the difference).
 */
describe('profile vs plan in steady state', () => {
  const scenario = loadScenarioText(
    [
      'name: steady',
      'seed: 5',
      'users: 3000000',
      'duration: 10m',
      'clock: { startHour: 12 }',
      'traffic:',
      '  mix:',
      `    - { shape: customer-service, weight: 0.9, params: { hourlyWeights: ${FLAT} } }`,
      `    - { shape: general-chatbot, weight: 0.1, params: { hourlyWeights: ${FLAT} } }`,
    ].join('\n'),
    undefined,
  );
  const ops = collectOperations(scenario, ALL_CELLS, { history: 'play' }).filter((op) => op.atUs >= 0);
  const windowSeconds = scenario.durationUs / US_PER_SECOND;
  const profile = profileScenario(scenario);
  const predicted = (kind: OpKind) => profile.shapes.reduce((sum, shape) => sum + (shape.populationDay.ops[kind] / SECONDS_PER_DAY) * windowSeconds, 0);
  // Var/mean of a kind's count in the window: conversations put several ops of a kind into 10 minutes.
  const dispersions = scenario.traffic.mix.map((entry) => windowCountDispersion(entry, scenario.durationUs, 2_000));
  const dispersion = (kind: OpKind) => Math.max(...dispersions.map((d) => d[kind]));

  it('has enough operations for a 4 % tolerance to be a real test', () => {
    // Conversations started per 10 min ≈ 3e6 × (0.9 × 0.01 × 1.15 + 0.1 × 0.15 × 3) / 86,400 × 600 s ≈ 384.
    expect(ops.length).toBeGreaterThan(3_000);
  });

  // Counts are compound Poisson: a relative tolerance of 4 σ = 4 √(dispersion / expected), at least 3 %.
  it.each(['inbound', 'send', 'typing', 'template'] as const)('%s operations in the window match the profile within 4 σ', (kind) => {
    const expected = predicted(kind);
    const tolerance = Math.max(0.03, 4 * Math.sqrt(dispersion(kind) / expected));
    const measured = ops.filter((op) => op.kind === kind).length;
    expect(Math.abs(measured / expected - 1)).toBeLessThan(tolerance);
  });

  it('all operations together match within 4 %', () => {
    const total = (['inbound', 'send', 'read', 'typing', 'template', 'interactive', 'media'] as const).reduce((sum, kind) => sum + predicted(kind), 0);
    expect(ops.length / total).toBeGreaterThan(0.96);
    expect(ops.length / total).toBeLessThan(1.04);
  });
});
