import { defineConfig } from 'vitest/config';

/**
 * Two test files at a time on the 2-core machine (vitest's default is cores − 1 = 1): most files
 * wait on servers, child processes and timers, so a second worker nearly halves the wall time.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
