import { describe, expect, test } from 'vitest';
import { createRng, STREAM, streamState } from '../../src/traffic/rng.js';

const draw = (rng: ReturnType<typeof createRng>, n: number) =>
  Array.from({ length: n }, () => rng.nextDouble());

describe('seeded streams', () => {
  test('the same seed and stream ids give the same numbers', () => {
    expect(draw(createRng(42, STREAM.conversation, 3, 1, 7), 50)).toEqual(
      draw(createRng(42, STREAM.conversation, 3, 1, 7), 50),
    );
  });

  test('changing any one id or the seed gives a different stream', () => {
    const base = draw(createRng(42, STREAM.conversation, 3, 1, 7), 5);
    for (const other of [
      createRng(43, STREAM.conversation, 3, 1, 7),
      createRng(42, STREAM.arrivals, 3, 1, 7),
      createRng(42, STREAM.conversation, 3, 1, 8),
      createRng(42, STREAM.conversation, 3, 1, 7 + 2 ** 32),
    ]) {
      expect(draw(other, 5)).not.toEqual(base);
    }
  });

  test('neighbouring streams are uncorrelated: first draws of 10,000 streams are uniform (mean 0.5 ± 4σ)', () => {
    const n = 10_000;
    const firsts = Array.from({ length: n }, (_, i) =>
      createRng(1, STREAM.conversation, 0, 0, i).nextDouble(),
    );
    const mean = firsts.reduce((a, b) => a + b, 0) / n;
    // σ of the mean of n uniforms = sqrt(1/12 / n)
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
  });

  test('doubles lie in [0, 1) and open doubles in (0, 1); ints stay within their bounds', () => {
    const rng = createRng(5);
    for (let i = 0; i < 10_000; i += 1) {
      const d = rng.nextDouble();
      const o = rng.nextOpenDouble();
      const k = rng.nextInt(3, 9);
      expect(d >= 0 && d < 1).toBe(true);
      expect(o > 0 && o < 1).toBe(true);
      expect(k >= 3 && k <= 9 && Number.isInteger(k)).toBe(true);
    }
  });

  test('the derived state is never all zero (xoroshiro would be stuck)', () => {
    for (let seed = 0; seed < 1000; seed += 1)
      expect(streamState(seed, [seed]).some((w) => w !== 0)).toBe(true);
  });
});
