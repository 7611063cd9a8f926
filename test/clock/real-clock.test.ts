import { describe, expect, test } from 'vitest';
import { realClock } from '../../src/clock.js';
import { monotonicNowUs } from '../../src/units.js';

describe('realClock.afterUs', () => {
  test('never fires before the due time, whatever the fraction of a millisecond', async () => {
    const delaysUs = Array.from({ length: 40 }, (_, i) => 200 + i * 1_137);
    const errorsUs = await Promise.all(
      delaysUs.map(
        (delayUs) =>
          new Promise<number>((resolve) => {
            const dueUs = monotonicNowUs() + delayUs;
            realClock.afterUs(delayUs, () => resolve(monotonicNowUs() - dueUs));
          }),
      ),
    );
    expect(Math.min(...errorsUs)).toBeGreaterThanOrEqual(0);
  });

  test('a zero or negative delay runs on the next event-loop turn, never synchronously', async () => {
    let ran = 0;
    realClock.afterUs(0, () => ran++);
    realClock.afterUs(-5, () => ran++);
    expect(ran).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toBe(2);
  });
});
