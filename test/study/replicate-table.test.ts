import { describe, expect, it } from 'vitest';
import { renderReplicateTable, replicateTable } from '../../src/study/replicate-table.js';
import { measureOf } from './study-fixtures.js';

describe('the replicate table of sim --replicates', () => {
  // Three 60 s replicates: 600, 660 and 720 inbound messages → 10, 11, 12 per second.
  const measures = [600, 660, 720].map((inbound) => measureOf({ sent: { inbound, send: 2 * inbound }, errorsByCode: inbound === 660 ? { '130429': 198 } : {}, sojournP99Us: inbound * 100 }));
  const table = replicateTable('fixture', [7, 11, 13], ['r00-s7', 'r01-s11', 'r02-s13'], measures);
  const row = (figure: string) => table.rows.find((r) => r.shape === 'general-chatbot' && r.figure === figure)!.interval;

  it('gives each figure of each shape as mean and 95 % interval over the replicates', () => {
    const half = 4.3026527 * (1 / Math.sqrt(3)); // t(0.975, 2) · s/√n with s = 1
    expect(row('messages in / s')).toMatchObject({ n: 3, mean: 11 });
    expect(row('messages in / s').low).toBeCloseTo(11 - half, 6);
    expect(row('messages out / s').mean).toBeCloseTo(22, 12);
    expect(row('operations / s').mean).toBeCloseTo(33, 12);
    // 198 errors of 1,980 operations in one replicate of three: 10 % ÷ 3.
    expect(row('errors %').mean).toBeCloseTo(10 / 3, 12);
    expect(row('sojourn p99 (ms)').mean).toBeCloseTo(66, 12);
  });

  it('prints the seeds with the figures', () => {
    const text = renderReplicateTable(table);
    expect(text).toContain('fixture: 3 replicates (seeds 7, 11, 13); mean [95 % CI]');
    expect(text).toMatch(/messages in \/ s\s+11 \[8\.\d+–13\.\d+\]/);
  });
});
