import { describe, expect, test } from 'vitest';
import { parseShardText, resolveShard } from '../../src/cli/shard-option.js';
import { ChatloadError } from '../../src/errors.js';
import type { PlannedOp } from '../../src/traffic/operation.js';
import { collectOperations } from '../../src/traffic/plan.js';
import { CELL_COUNT } from '../../src/traffic/population.js';
import { cellCountsOfSplit, cellsOfShard, shardNote, usersInCells } from '../../src/traffic/shard-split.js';
import { US_PER_HOUR, US_PER_SECOND } from '../../src/units.js';
import { scenarioFixture } from './scenario-fixture.js';

const scenario = scenarioFixture({ users: 200_000, durationUs: 60 * US_PER_SECOND, dayInUs: US_PER_HOUR, seed: 41, preRollUs: 300 * US_PER_SECOND });
const ALL_CELLS = Array.from({ length: CELL_COUNT }, (_, cell) => cell);
const key = (op: PlannedOp) => `${op.conversationId}:${op.seq}:${op.atUs}:${op.kind}:${op.userId}`;
const plan = collectOperations(scenario, ALL_CELLS).map(key).sort();

/** How a live shard's process spreads its cells over its workers (load/coordinator.ts). */
const cellsOfWorker = (cells: readonly number[], worker: number, workers: number) => cells.filter((_, i) => i % workers === worker);

describe('a shard is a deterministic 1/N of one seeded population, in whole cells', () => {
  test.each([
    [2, 1],
    [3, 2],
    [5, 3],
    [64, 1],
  ])('the union of %i shards (each on %i workers) is exactly the unsharded plan', (count, workers) => {
    const union = Array.from({ length: count }, (_, index) => {
      const cells = cellsOfShard({ index, count });
      return Array.from({ length: workers }, (_, w) => collectOperations(scenario, cellsOfWorker(cells, w, workers))).flat();
    }).flat();
    expect(plan.length).toBeGreaterThan(1_000);
    expect(union.length).toBe(plan.length);
    expect(union.map(key).sort()).toEqual(plan);
  });

  test('shards partition the cells and the users; an uneven split is said', () => {
    expect(cellCountsOfSplit(3)).toEqual([22, 21, 21]);
    expect(cellsOfShard({ index: 1, count: 3 }).slice(0, 3)).toEqual([1, 4, 7]);
    const users = Array.from({ length: 3 }, (_, index) => usersInCells(scenario, cellsOfShard({ index, count: 3 })));
    expect(users.reduce((a, b) => a + b, 0)).toBe(scenario.users);
    expect(shardNote({ index: 2, count: 3 }, scenario)).toMatch(
      new RegExp(`^shard 2 of 3: 21 of the 64 population cells \\(2, 5, 8, …, 62\\), ${(users[2] as number).toLocaleString('en-US')} of 200,000 enrolled users .*uneven split`),
    );
    expect(shardNote({ index: 0, count: 4 }, scenario)).not.toMatch(/uneven/);
  });
});

describe('where a process learns its shard', () => {
  const codeOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error instanceof ChatloadError ? `${error.code}: ${error.message}` : String(error);
    }
    return 'no error';
  };

  test('--shard i/N wins over an Indexed Job’s environment', () => {
    expect(resolveShard('1/3', { JOB_COMPLETION_INDEX: '0', CHATLOAD_SHARD_COUNT: '2' })).toEqual({ index: 1, count: 3 });
    expect(resolveShard(undefined, { JOB_COMPLETION_INDEX: '4', CHATLOAD_SHARD_COUNT: '8' })).toEqual({ index: 4, count: 8 });
  });

  test('an index alone is any Indexed Job’s, not a sharded run: unsharded', () => {
    expect(resolveShard(undefined, { JOB_COMPLETION_INDEX: '2' })).toBeUndefined();
    expect(resolveShard(undefined, {})).toBeUndefined();
  });

  test('bad values are refused with what was expected (exit 2)', () => {
    expect(codeOf(() => resolveShard(undefined, { CHATLOAD_SHARD_COUNT: '3' }))).toMatch(/^CHATLOAD_E_OPTION_INVALID: \$CHATLOAD_SHARD_COUNT is 3 but \$JOB_COMPLETION_INDEX is not set/);
    expect(codeOf(() => parseShardText('3/3'))).toMatch(/shard 3 does not exist: a run split in 3 has shards 0 to 2/);
    expect(codeOf(() => parseShardText('0/65'))).toMatch(/splits into 1 to 64 shards \(its cells\), got 65/);
    expect(codeOf(() => parseShardText('1 of 3'))).toMatch(/expected i\/N \(e\.g\. 0\/3\), got "1 of 3"/);
    expect(codeOf(() => resolveShard(undefined, { JOB_COMPLETION_INDEX: 'x', CHATLOAD_SHARD_COUNT: '3' }))).toMatch(/\$JOB_COMPLETION_INDEX: expected a whole number, got "x"/);
  });
});
