import { describe, expect, test } from 'vitest';
import type { PlannedOp } from '../../src/traffic/operation.js';
import { collectOperations, createOperationSource } from '../../src/traffic/plan.js';
import { CELL_COUNT, cellOfUser, cellsForWorker } from '../../src/traffic/population.js';
import { US_PER_HOUR, US_PER_SECOND } from '../../src/units.js';
import { scenarioFixture } from './scenario-fixture.js';

const ALL_CELLS = Array.from({ length: CELL_COUNT }, (_, c) => c);
// A day played in one hour, two minutes of it: ≈1,500 conversations of both shapes.
const scenario = scenarioFixture({
  users: 300_000,
  durationUs: 120 * US_PER_SECOND,
  dayInUs: US_PER_HOUR,
  seed: 99,
});
const ops = collectOperations(scenario, ALL_CELLS);

const key = (op: PlannedOp): string => JSON.stringify(op);
const byTotalOrder = (a: PlannedOp, b: PlannedOp): number =>
  a.atUs - b.atUs || a.conversationId - b.conversationId || a.seq - b.seq;

describe('the plan as an operation stream', () => {
  test('produces a realistic amount of both shapes', () => {
    expect(ops.length).toBeGreaterThan(5_000);
    expect(new Set(ops.map((op) => op.shape))).toEqual(new Set(['customer-service', 'general-chatbot']));
  });

  test('ops come in ascending (atUs, conversationId, seq) and all before the end of the run', () => {
    for (let i = 1; i < ops.length; i += 1) expect(byTotalOrder(ops[i - 1]!, ops[i]!)).toBeLessThan(0);
    expect(
      ops.every((op) => op.atUs >= 0 && op.atUs < scenario.durationUs && Number.isInteger(op.atUs)),
    ).toBe(true);
  });

  test('the same seed gives the same ops; another seed different ones', () => {
    expect(collectOperations(scenario, ALL_CELLS)).toEqual(ops);
    expect(collectOperations({ ...scenario, seed: 100 }, ALL_CELLS).slice(0, 50)).not.toEqual(
      ops.slice(0, 50),
    );
  });

  test.each([3, 5, 64])(
    'the union of %i workers’ ops is exactly the 1-worker plan (as a multiset)',
    (workers) => {
      const union = Array.from({ length: workers }, (_, i) =>
        collectOperations(scenario, cellsForWorker(i, workers)),
      ).flat();
      expect(union.length).toBe(ops.length);
      expect(union.map(key).sort()).toEqual(ops.map(key).sort());
    },
  );

  test('a pre-roll starts the run in steady state: conversations already under way join at a user message', () => {
    const warm = scenarioFixture({
      users: 300_000,
      durationUs: 120 * US_PER_SECOND,
      dayInUs: US_PER_HOUR,
      seed: 99,
      preRollUs: 600 * US_PER_SECOND,
    });
    const warmOps = collectOperations(warm, ALL_CELLS);
    expect(warmOps.every((op) => op.atUs >= 0)).toBe(true);
    const firstTenSeconds = (list: PlannedOp[]) => list.filter((op) => op.atUs < 10 * US_PER_SECOND).length;
    expect(firstTenSeconds(warmOps)).toBeGreaterThan(1.5 * firstTenSeconds(ops));
    const joined = new Map<number, PlannedOp>();
    for (const op of warmOps) if (!joined.has(op.conversationId)) joined.set(op.conversationId, op);
    const midway = [...joined.values()].filter((op) => op.seq > 0);
    expect(midway.length).toBeGreaterThan(0);
    for (const op of midway) expect(['inbound', 'template']).toContain(op.kind);
    const union = Array.from({ length: 3 }, (_, i) => collectOperations(warm, cellsForWorker(i, 3))).flat();
    expect(union.map(key).sort()).toEqual(warmOps.map(key).sort());
  });

  test('a worker’s stream is the run’s stream restricted to its cells, in the same order', () => {
    const cells = cellsForWorker(1, 3);
    const mine = collectOperations(scenario, cells);
    expect(mine).toEqual(ops.filter((op) => cells.includes(cellOfUser(op.userId))));
  });

  test('a conversation belongs to one user and one shape, with seq 0, 1, 2, … and ids unique across cells', () => {
    const conversations = new Map<number, PlannedOp[]>();
    for (const op of ops)
      conversations.set(op.conversationId, [...(conversations.get(op.conversationId) ?? []), op]);
    for (const [id, list] of conversations) {
      expect(new Set(list.map((op) => `${op.userId}/${op.shape}`)).size).toBe(1);
      expect(list.map((op) => op.seq)).toEqual(list.map((_, i) => i));
      expect(id % CELL_COUNT).toBe(cellOfUser(list[0]!.userId));
    }
  });

  test('every read, typing and media op refers to an earlier inbound of its conversation', () => {
    const inbound = new Map(
      ops.filter((op) => op.kind === 'inbound').map((op) => [`${op.conversationId}/${op.seq}`, op]),
    );
    for (const op of ops.filter((o) => o.kind === 'typing' || o.kind === 'read' || o.kind === 'media')) {
      const target = inbound.get(`${op.conversationId}/${op.refSeq}`);
      expect(target).toBeDefined();
      expect(target!.atUs).toBeLessThan(op.atUs);
      if (op.kind === 'media')
        expect([op.mediaKind, op.mediaBytes]).toEqual([target!.mediaKind, target!.mediaBytes]);
    }
  });

  test('next() keeps answering undefined once exhausted', () => {
    const source = createOperationSource({ ...scenario, durationUs: US_PER_SECOND }, [0]);
    while (source.next() !== undefined);
    expect(source.next()).toBeUndefined();
  });

  test('an empty population yields nothing; a tiny one only its users', () => {
    expect(collectOperations({ ...scenario, users: 1 }, [5])).toEqual([]);
    const tiny = collectOperations(
      {
        ...scenario,
        users: 3,
        durationUs: 10 * US_PER_HOUR,
        clock: { ...scenario.clock, dayInUs: US_PER_SECOND },
      },
      ALL_CELLS,
    );
    expect(tiny.length).toBeGreaterThan(0);
    expect(tiny.every((op) => op.userId < 3)).toBe(true);
  });
});
