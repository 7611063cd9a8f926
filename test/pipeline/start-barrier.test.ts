import { describe, expect, test } from 'vitest';
import { ChatloadError } from '../../src/errors.js';
import { JoiningSource } from '../../src/load/late-join.js';
import { lateJoinWarning, monotonicStartUs, parseStartAt, planStart } from '../../src/pipeline/start-barrier.js';
import type { OperationSource, PlannedOp } from '../../src/traffic/operation.js';
import { collectOperations, opensExchange } from '../../src/traffic/plan.js';
import { CELL_COUNT } from '../../src/traffic/population.js';
import { US_PER_HOUR, US_PER_SECOND } from '../../src/units.js';
import { scenarioFixture } from '../traffic/scenario-fixture.js';

const AT_MS = Date.parse('2026-11-30T12:00:00Z');
const INTERVAL_US = 1_000_000;
const barrier = { atEpochMs: AT_MS, lateJoin: false };

describe('the start barrier (--start-at)', () => {
  test('an ISO-8601 instant with a zone; anything else is refused', () => {
    expect(parseStartAt('2026-11-30T12:00:00Z')).toBe(AT_MS);
    expect(parseStartAt('2026-11-30T13:00:00.000+01:00')).toBe(AT_MS);
    for (const text of ['2026-11-30T12:00:00', 'tomorrow', '2026-11-30', '1764504000000']) {
      expect(() => parseStartAt(text)).toThrow(/--start-at expects an ISO-8601 time with a zone/);
    }
  });

  test('ready before the barrier or within one interval after it: the whole plan, from t = 0', () => {
    expect(planStart(barrier, AT_MS - 5_000, INTERVAL_US, 0)).toEqual({ lateByUs: 0, joinAtUs: 0 });
    expect(planStart(barrier, AT_MS + 1_000, INTERVAL_US, 0)).toEqual({ lateByUs: 1_000_000, joinAtUs: 0 });
  });

  test('later than one interval: refused with exit 5 and nothing sent', () => {
    let error: unknown;
    try {
      planStart(barrier, AT_MS + 1_001, INTERVAL_US, 0);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ChatloadError);
    expect((error as ChatloadError).code).toBe('CHATLOAD_E_START_BARRIER_MISSED');
    expect((error as ChatloadError).message).toMatch(/^start barrier missed: .* 1\.00s after --start-at 2026-11-30T12:00:00\.000Z .*nothing was sent.*--late-join/);
  });

  test('with --late-join: plays from its readiness plus a lead, and says what it skipped', () => {
    const plan = planStart({ ...barrier, lateJoin: true }, AT_MS + 7_500, INTERVAL_US, 100_000);
    expect(plan).toEqual({ lateByUs: 7_500_000, joinAtUs: 7_600_000 });
    expect(lateJoinWarning({ ...plan, skippedOperations: 1234 })).toBe(
      'joined late (--late-join): ready 7.50s after the start barrier, played the plan from t = 7.60s; 1,234 planned operations before then were not sent',
    );
  });

  test('t = 0 on the monotonic clock from one reading of both clocks (2 s ahead)', () => {
    expect(monotonicStartUs(barrier, AT_MS - 2_000, 50_000_000)).toBe(52_000_000);
  });
});

const scenario = scenarioFixture({ users: 100_000, durationUs: 60 * US_PER_SECOND, dayInUs: US_PER_HOUR, seed: 5, preRollUs: 300 * US_PER_SECOND });
const ALL_CELLS = Array.from({ length: CELL_COUNT }, (_, cell) => cell);
const plan = collectOperations(scenario, ALL_CELLS);

function drain(source: OperationSource): PlannedOp[] {
  const ops: PlannedOp[] = [];
  for (let op = source.next(); op !== undefined; op = source.next()) ops.push(op);
  return ops;
}

describe('a late joiner’s plan (JoiningSource)', () => {
  test('joined at t = 0 it is the plan itself', () => {
    const joined = new JoiningSource(sourceOf(plan));
    joined.prime();
    joined.joinAt(0);
    expect(drain(joined)).toEqual(plan);
    expect(joined.skipped).toBe(0);
  });

  test('joined later: nothing before the join, conversations under way rejoin at a user message or template, every op counted once', () => {
    const joinAtUs = 20 * US_PER_SECOND;
    const joined = new JoiningSource(sourceOf(plan));
    joined.prime();
    joined.joinAt(joinAtUs);
    const played = drain(joined);
    expect(played.every((op) => op.atUs >= joinAtUs)).toBe(true);
    expect(played.length + joined.skipped).toBe(plan.length);
    const before = new Set(plan.filter((op) => op.atUs < joinAtUs).map((op) => op.conversationId));
    const firstPlayed = new Map<number, PlannedOp>();
    for (const op of played) if (!firstPlayed.has(op.conversationId)) firstPlayed.set(op.conversationId, op);
    const rejoined = [...firstPlayed.values()].filter((op) => before.has(op.conversationId));
    expect(rejoined.length).toBeGreaterThan(0);
    for (const op of rejoined) expect(opensExchange(op)).toBe(true);
    // Conversations that had not begun are played whole.
    const fresh = plan.filter((op) => op.atUs >= joinAtUs && !before.has(op.conversationId));
    expect(played.filter((op) => !before.has(op.conversationId))).toEqual(fresh);
  });
});

function sourceOf(ops: readonly PlannedOp[]): OperationSource {
  let i = 0;
  return { next: () => ops[i++] };
}
