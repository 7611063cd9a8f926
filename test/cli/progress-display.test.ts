import { describe, expect, it } from 'vitest';
import { createProgressDisplay } from '../../src/cli/progress-display.js';

const sample = (elapsedUs: number) => ({
  elapsedUs,
  totalUs: 30_000_000,
  opsPerSecond: 254.4,
  errors: 3,
  completed: 1200,
  latencyP99Us: 12_345,
  inFlight: 7,
});

describe('progress display without a terminal', () => {
  it('prints a plain line at most every period, and always the last one', () => {
    const lines: string[] = [];
    const display = createProgressDisplay(false, (text) => lines.push(text), 5_000_000);
    for (let second = 1; second <= 30; second++) display.update(sample(second * 1_000_000));
    display.stop();
    expect(lines.map((line) => line.slice(1, line.indexOf('/')))).toEqual([
      '1.00s',
      '6.00s',
      '11.00s',
      '16.00s',
      '21.00s',
      '26.00s',
      '30.00s',
    ]);
    expect(lines[0]).toBe('[1.00s/30.00s] 254 ops/s, 1200 done, errors 3, p99 12.3ms, in flight 7\n');
    expect(lines.at(-1)).toMatch(/^\[30\.00s\/30\.00s\]/);
  });

  it('in sim, paces plain lines by wall time and shows the virtual time reached and the ETA', () => {
    const lines: string[] = [];
    let wallUs = 0;
    const display = createProgressDisplay(false, (text) => lines.push(text), 5_000_000, 'sim', () => wallUs);
    const day = 86_400_000_000;
    for (let interval = 1; interval <= 288; interval++) {
      wallUs = interval * 100_000; // 0.1 s of wall time per 5 virtual minutes
      display.update({ ...sample(interval * 300_000_000), totalUs: day, etaUs: (288 - interval) * 100_000 });
    }
    // 28.8 s of wall time: one line per 5 s, and the last.
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe('[virtual 5m00s/24h00m] 254 ops per wall s, 1200 done, ETA 28.70s, errors 3, p99 12.3ms\n');
    expect(lines.at(-1)).toMatch(/^\[virtual 24h00m\/24h00m\].*ETA 0µs/);
  });
});

