import { ChatloadError } from '../errors.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { assignShapes, CELL_COUNT, cellsForWorker, usersInCell } from './population.js';

/**
 * A shard (`--shard i/N`): a deterministic 1/N of one seeded population, in whole cells — cells
 * i, i + N, i + 2N, … — so the union of the N shards' operations is exactly the unsharded plan
 * (decision 0028). A sim shard's clusters follow: with N dividing P, the clusters of its cells are
 * exactly i, i + N, … (decision 0004).
 */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** Checks a shard pair; `source` names where it came from (`--shard`, `$JOB_COMPLETION_INDEX`). */
export function checkedShard(index: number, count: number, source: string): ShardSpec {
  if (!Number.isInteger(count) || count < 1 || count > CELL_COUNT) {
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `${source}: a population splits into 1 to ${CELL_COUNT} shards (its cells), got ${count}`,
    );
  }
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `${source}: shard ${index} does not exist: a run split in ${count} has shards 0 to ${count - 1}`,
    );
  }
  return { index, count };
}

/** The population cells a shard plays. */
export function cellsOfShard(shard: ShardSpec): number[] {
  return cellsForWorker(shard.index, shard.count);
}

/** Cells of every shard of a split of N: all equal when N divides 64, else the first 64 mod N hold one more. */
export function cellCountsOfSplit(count: number): number[] {
  return Array.from({ length: count }, (_, index) => cellsForWorker(index, count).length);
}

/** Enrolled users living in the given cells. */
export function usersInCells(scenario: Pick<ResolvedScenario, 'users' | 'traffic'>, cells: readonly number[]): number {
  const blocks = assignShapes(
    scenario.users,
    scenario.traffic.mix.map((entry) => entry.weight),
  );
  let users = 0;
  for (const block of blocks) for (const cell of cells) users += usersInCell(block, cell);
  return users;
}

const listed = (cells: readonly number[]): string =>
  cells.length <= 4 ? cells.join(', ') : `${cells.slice(0, 3).join(', ')}, …, ${cells.at(-1)}`;

/**
 * What a shard plays, in words, for its summary and log: its cells and users, and whether the
 * split is uneven (64 cells do not divide by every N, so shards then carry unequal shares).
 * `chatload merge` removes exactly this note from the merged result.
 */
export function shardNote(shard: ShardSpec, scenario: Pick<ResolvedScenario, 'users' | 'traffic'>): string {
  const cells = cellsOfShard(shard);
  const users = usersInCells(scenario, cells);
  const counts = cellCountsOfSplit(shard.count);
  const uneven = new Set(counts).size > 1;
  const share = ((100 * users) / scenario.users).toFixed(2);
  return (
    `shard ${shard.index} of ${shard.count}: ${cells.length} of the ${CELL_COUNT} population cells (${listed(cells)}), ` +
    `${users.toLocaleString('en-US')} of ${scenario.users.toLocaleString('en-US')} enrolled users (${share} %)` +
    (uneven
      ? `; uneven split: ${CELL_COUNT} cells do not divide by ${shard.count}, the shards hold ${counts.join(', ')} cells`
      : '') +
    '; thresholds are judged on the merged result (`chatload merge`), not per shard'
  );
}
