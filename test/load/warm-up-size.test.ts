import { describe, expect, it } from 'vitest';
import { WARM_MAX_REQUESTS, WARM_MIN_REQUESTS, warmRequestsPerWorker } from '../../src/load/warm-up-size.js';

describe('the warm-up of a worker before the start instant', () => {
  it('is half a second of the worker’s share of the planned peak', () => {
    expect(warmRequestsPerWorker(3_000, 1)).toBe(1_500);
    expect(warmRequestsPerWorker(6_000, 4)).toBe(750);
    expect(warmRequestsPerWorker(2_001, 1)).toBe(1_001);
  });

  it('is never below the floor a slow run needs, nor above what a fast one needed', () => {
    expect(warmRequestsPerWorker(177, 1)).toBe(WARM_MIN_REQUESTS);
    expect(warmRequestsPerWorker(0, 1)).toBe(WARM_MIN_REQUESTS);
    expect(warmRequestsPerWorker(3_600, 1)).toBe(1_800);
    expect(warmRequestsPerWorker(1e9, 2)).toBe(WARM_MAX_REQUESTS);
  });

  it('takes the most when the peak is unknown', () => {
    expect(warmRequestsPerWorker(Number.NaN, 1)).toBe(WARM_MAX_REQUESTS);
    expect(warmRequestsPerWorker(Number.POSITIVE_INFINITY, 1)).toBe(WARM_MAX_REQUESTS);
  });
});
