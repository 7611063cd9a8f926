import { describe, expect, it } from 'vitest';
import { compoundPoissonBand, poissonBand } from '../../src/report/confidence.js';
import { loadScenarioText } from '../../src/scenario/load-scenario.js';
import { OP_KINDS, type PlannedOp } from '../../src/traffic/operation.js';
import { collectOperations } from '../../src/traffic/plan.js';
import { CELL_COUNT, cellsForWorker } from '../../src/traffic/population.js';
import { profileScenario } from '../../src/traffic/profile.js';
import { preRollUsOf, sampleConversationSpansUs, windowCountDispersion } from '../../src/traffic/steady-state.js';
import { SECONDS_PER_DAY, US_PER_SECOND } from '../../src/units.js';

const US_PER_MINUTE = 60 * US_PER_SECOND;

const ALL_CELLS = Array.from({ length: CELL_COUNT }, (_, cell) => cell);
const FLAT = `[${Array(24).fill(1).join(', ')}]`;

/**
 * A run starts in steady state by construction: with a flat day curve in real time the process
 * is stationary, so every minute — the first included — carries, per shape and operation kind,
 * the profile's expectation (ops per day ÷ 1,440) up to Poisson noise. 38.8 M customer-service and
 * 1.2 M chatbot users put ≈1,000 inbound messages of each shape in a minute.
 *
 * Conversations start as a Poisson process, but one conversation puts several ops of a kind into
 * a minute (a user's next message comes ≈25–45 s after the reply), so a count's variance is
 * 1.0–2.1 × its mean (windowCountDispersion). The 99 % band is the Poisson band widened by that
 * √dispersion; the pure Poisson band is checked too, for the kinds that are Poisson (dispersion ≈ 1).
 * Checked once over seeds 1–10 (not in the suite): the played plan's first minute is inside every
 * band for all ten; joining at user messages leaves customer-service sends 21–29 % short in all ten.
 */
const scenario = loadScenarioText(
  [
    'name: steady-start',
    'seed: 11',
    'users: 40000000',
    'duration: 1m',
    'clock: { startHour: 12 }', // preRoll absent: auto
    'traffic:',
    '  mix:',
    // The activity shares this test's seeds were checked with (§3.1's 1 % and 15 %), stated, not the defaults.
    `    - { shape: customer-service, weight: 0.97, params: { activeShare: 0.01, hourlyWeights: ${FLAT} } }`,
    `    - { shape: general-chatbot, weight: 0.03, params: { activeShare: 0.15, hourlyWeights: ${FLAT} } }`,
  ].join('\n'),
  undefined,
);
const profile = profileScenario(scenario);
const firstMinute = (ops: readonly PlannedOp[]) => ops.filter((op) => op.atUs >= 0 && op.atUs < US_PER_MINUTE);

interface Cell {
  readonly shape: string;
  readonly kind: string;
  readonly expected: number;
  readonly counted: number;
  readonly dispersion: number;
  readonly low: number;
  readonly high: number;
}

const dispersions = new Map(scenario.traffic.mix.map((entry) => [entry.shape, windowCountDispersion(entry, US_PER_MINUTE)]));

function countsAgainstProfile(ops: readonly PlannedOp[]): Cell[] {
  return profile.shapes.flatMap((shape) =>
    OP_KINDS.filter((kind) => shape.populationDay.ops[kind] > 0).map((kind) => {
      const expected = (shape.populationDay.ops[kind] * 60) / SECONDS_PER_DAY;
      const counted = ops.filter((op) => op.shape === shape.shape && op.kind === kind).length;
      const dispersion = dispersions.get(shape.shape)![kind];
      return { shape: shape.shape, kind, expected, counted, dispersion, ...compoundPoissonBand(expected, dispersion, 0.99) };
    }),
  );
}

const inside = (cell: Cell) => cell.counted >= cell.low && cell.counted <= cell.high;

describe('a run starts in steady state', () => {
  const played = collectOperations(scenario, ALL_CELLS, { history: 'play' });

  it('the auto pre-roll is the 99.9th percentile of the conversation span, computed (≈90 min here), not a fixed 5 min', () => {
    const preRollUs = preRollUsOf(scenario);
    for (const entry of scenario.traffic.mix) {
      const spans = sampleConversationSpansUs(entry, 20_000);
      expect(spans.filter((span) => span > preRollUs).length).toBeLessThanOrEqual(20);
    }
    expect(preRollUs).toBeGreaterThan(60 * US_PER_MINUTE);
    expect(preRollUs).toBeLessThan(180 * US_PER_MINUTE);
    expect(played.reduce((min, op) => Math.min(min, op.atUs), 0)).toBeGreaterThanOrEqual(-preRollUs);
  });

  it('first minute: every shape × operation kind lies inside the 99 % band of the profile’s expectation', () => {
    const cells = countsAgainstProfile(firstMinute(played));
    expect(cells.length).toBe(10); // CS: inbound send typing template interactive media; chatbot: inbound send typing media
    expect(cells.find((c) => c.shape === 'customer-service' && c.kind === 'inbound')!.expected).toBeGreaterThan(900);
    for (const cell of cells) expect(cell, `${cell.shape}/${cell.kind}`).toSatisfy(inside);
    // Templates open conversations one each, and media fetches are rare: Poisson counts, Poisson band.
    const poissonKinds = cells.filter((c) => c.dispersion < 1.2);
    expect(poissonKinds.map((c) => `${c.shape}/${c.kind}`)).toEqual(['customer-service/template', 'customer-service/media', 'general-chatbot/media']);
    for (const cell of poissonKinds) {
      const band = poissonBand(cell.expected, 0.99);
      expect(cell.counted, `${cell.shape}/${cell.kind}`).toSatisfy((n: number) => n >= band.low && n <= band.high);
    }
  });

  it('joining at user messages (a platform that starts empty) misses the replies to messages sent before t = 0', () => {
    const joined = countsAgainstProfile(firstMinute(collectOperations(scenario, ALL_CELLS)));
    const send = joined.find((c) => c.shape === 'customer-service' && c.kind === 'send')!;
    expect(send.counted).toBeLessThan(send.low);
    const inbound = joined.find((c) => c.shape === 'customer-service' && c.kind === 'inbound')!;
    expect(inbound).toSatisfy(inside);
  });

  it('playing history keeps the plan deterministic and the same for any partition of cells', () => {
    const small = { ...scenario, users: 1_000_000, durationUs: 10 * US_PER_SECOND, clock: { ...scenario.clock, preRollUs: 30 * US_PER_MINUTE } };
    const whole = collectOperations(small, ALL_CELLS, { history: 'play' });
    const key = (op: PlannedOp) => JSON.stringify(op);
    const union = Array.from({ length: 3 }, (_, i) => collectOperations(small, cellsForWorker(i, 3), { history: 'play' })).flat();
    expect(union.map(key).sort()).toEqual(whole.map(key).sort());
    expect(collectOperations(small, ALL_CELLS, { history: 'play' })).toEqual(whole);
    // From t = 0 on, joining is a subset of playing: the same conversations, fewer of their ops.
    const playedKeys = new Set(whole.map(key));
    expect(collectOperations(small, ALL_CELLS).every((op) => playedKeys.has(key(op)))).toBe(true);
    expect(whole.some((op) => op.atUs < 0)).toBe(true);
    expect(whole.filter((op) => op.atUs >= 0).length).toBeGreaterThan(0);
  });
});
