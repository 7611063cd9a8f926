import { describe, expect, test } from 'vitest';
import {
  assignShapes,
  CELL_COUNT,
  cellOfUser,
  cellsForWorker,
  userInCell,
  usersInCell,
} from '../../src/traffic/population.js';

describe('cells and workers', () => {
  test.each([1, 2, 3, 7, 64])('%i workers own every cell exactly once', (workers) => {
    const owned = Array.from({ length: workers }, (_, i) => cellsForWorker(i, workers)).flat();
    expect(owned.sort((a, b) => a - b)).toEqual(Array.from({ length: CELL_COUNT }, (_, c) => c));
  });

  test('more workers than cells, or an index out of range, is refused', () => {
    expect(() => cellsForWorker(0, 65)).toThrow(RangeError);
    expect(() => cellsForWorker(3, 3)).toThrow(RangeError);
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
