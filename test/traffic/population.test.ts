import { describe, expect, test } from 'vitest';
import { ChatloadError } from '../../src/errors.js';
import { assignShapes, CELL_COUNT, cellOfUser, cellsForWorker, userInCell, usersInCell } from '../../src/traffic/population.js';

describe('cells and workers', () => {
  test.each([1, 2, 3, 7, 64])('%i workers own every cell exactly once', (workers) => {
    const owned = Array.from({ length: workers }, (_, i) => cellsForWorker(i, workers)).flat();
    expect(owned.sort((a, b) => a - b)).toEqual(Array.from({ length: CELL_COUNT }, (_, c) => c));
  });

  test('more parts than cells, or a part out of range, is refused with a coded option error', () => {
    const refusal = (index: number, count: number) => {
      try {
        cellsForWorker(index, count);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    for (const [index, count] of [[0, 65], [3, 3], [0, 0], [-1, 2], [0.5, 2]] as const) {
      expect(refusal(index, count)).toBeInstanceOf(ChatloadError);
      expect((refusal(index, count) as ChatloadError).code).toBe('CHATLOAD_E_OPTION_INVALID');
    }
    expect((refusal(3, 3) as Error).message).toBe('part 3 does not exist: a population split in 3 has parts 0 to 2');
  });
});

describe('users and shapes', () => {
  test('blocks are sized by weight and add up to the population exactly', () => {
    const blocks = assignShapes(1_001, [0.9, 0.1]);
    expect(blocks.map((b) => b.userCount)).toEqual([901, 100]);
    expect(blocks[1]?.firstUserId).toBe(901);
  });

  test('every user of a block is found in its cell, once', () => {
    for (const block of assignShapes(1_000, [3, 1, 1])) {
      const seen = new Set<number>();
      for (let cell = 0; cell < CELL_COUNT; cell += 1) {
        for (let k = 0; k < usersInCell(block, cell); k += 1) {
          const user = userInCell(block, cell, k);
          expect(cellOfUser(user)).toBe(cell);
          expect(user >= block.firstUserId && user < block.firstUserId + block.userCount).toBe(true);
          seen.add(user);
        }
      }
      expect(seen.size).toBe(block.userCount);
    }
  });

  test('a population smaller than the cell count leaves some cells empty', () => {
    const [block] = assignShapes(10, [1]);
    expect(usersInCell(block!, 9)).toBe(1);
    expect(usersInCell(block!, 10)).toBe(0);
  });
});
