import { ChatloadError } from '../errors.js';

/**
 * The enrolled population and how it is sharded. The unit of randomness is the *cell*, not the
 * worker: 64 fixed cells, each with its own arrival streams and conversation RNGs, so the
 * union of the operations of any set of cells is the same however cells are spread over
 * workers or shards (k6's execution segments give the same guarantee with rationals).
 */

export const CELL_COUNT = 64;

/** User u lives in cell u mod 64. */
export const cellOfUser = (userId: number): number => userId % CELL_COUNT;

/**
 * The cells a worker owns, round robin: worker i of n gets i, i + n, i + 2n, … The same split
 * serves shards (`--shard i/N`), whose i and N come from the user: a bad pair is an option error.
 */
export function cellsForWorker(workerIndex: number, workerCount: number): number[] {
  if (!Number.isInteger(workerCount) || workerCount < 1 || workerCount > CELL_COUNT) {
    throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `a population splits into 1 to ${CELL_COUNT} parts (its cells), got ${workerCount}`);
  }
  if (!Number.isInteger(workerIndex) || workerIndex < 0 || workerIndex >= workerCount) {
    throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `part ${workerIndex} does not exist: a population split in ${workerCount} has parts 0 to ${workerCount - 1}`);
  }
  const cells: number[] = [];
  for (let cell = workerIndex; cell < CELL_COUNT; cell += workerCount) cells.push(cell);
  return cells;
}

/** A contiguous block of user ids that all follow one shape of the mix. */
export interface ShapeBlock {
  readonly mixIndex: number;
  readonly firstUserId: number;
  readonly userCount: number;
}

/**
 * Users assigned to the mix's shapes in contiguous blocks, sized by weight with the largest
 * remainder method (so the block sizes add up to `users` exactly). Blocks are contiguous while
 * cells are `u mod 64`, so every cell holds each shape in proportion.
 */
export function assignShapes(users: number, weights: readonly number[]): ShapeBlock[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (users * w) / total);
  const counts = exact.map(Math.floor);
  let left = users - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, remainder: x - Math.floor(x) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left -= 1;
  }
  let first = 0;
  return counts.map((userCount, mixIndex) => {
    const block = { mixIndex, firstUserId: first, userCount };
    first += userCount;
    return block;
  });
}

/** First user id ≥ block start that lives in `cell`. */
function firstInCell(block: ShapeBlock, cell: number): number {
  return block.firstUserId + ((((cell - block.firstUserId) % CELL_COUNT) + CELL_COUNT) % CELL_COUNT);
}

/** How many of the block's users live in `cell`. */
export function usersInCell(block: ShapeBlock, cell: number): number {
  const first = firstInCell(block, cell);
  const end = block.firstUserId + block.userCount;
  return first >= end ? 0 : Math.floor((end - 1 - first) / CELL_COUNT) + 1;
}

/** The k-th (0-based) user of the block that lives in `cell`. */
export function userInCell(block: ShapeBlock, cell: number, k: number): number {
  return firstInCell(block, cell) + k * CELL_COUNT;
}
