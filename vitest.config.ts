import { defineConfig } from 'vitest/config';

/**
 * Two lanes on the 2-core machine: tests that run the built CLI, a live engine or real
 * servers and clocks ("live") run one file at a time, so they never contend with each other;
 * the pure and in-process rest ("unit") runs beside them in a second worker.
 */
const LIVE = [
  'test/e2e/**/*.test.ts',
  'test/cli/capacity-*.test.ts',
  'test/cli/study-*.test.ts',
  'test/cli/sim-replicates.test.ts', // runs the built CLI's sim three times
  'test/sim/live-vs-sim.test.ts',
  'test/merge/sim-shards-merge.test.ts', // runs deploy/local-shards.sh (the built CLI, three processes)
  'test/clock/**/*.test.ts',
  'test/deploy/image-runtime-stage.test.ts',
  'test/deploy/run-script-flow.test.ts',
  'test/mock/admin-token.test.ts',
  'test/mock/interop-*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'live', include: LIVE, maxWorkers: 1 } },
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: LIVE, maxWorkers: 1 } },
    ],
  },
});
