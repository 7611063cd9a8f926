import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Two test files at a time on the 2-core machine (vitest's default is cores − 1 = 1): most files
 * wait on servers, child processes and timers, so a second worker nearly halves the wall time.
 *
 * Files share their worker's module cache (isolate: false): re-importing the source graph for
 * each of ~130 files cost ≈55 s of the suite's CPU (vitest's "import" 74 s → 20 s, wall 237 s →
 * 182 s). A file that mocks a module (vi.mock) would leak the mock into, or miss it from, files
 * sharing its cache, so those files keep a fresh module graph each.
 */
const TEST_ROOT = 'test';
const testFiles = readdirSync(TEST_ROOT, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => path.join(TEST_ROOT, file).split(path.sep).join('/'));
const mocksModules = testFiles.filter((file) => /\bvi\.(do)?mock\(/.test(readFileSync(file, 'utf8')));

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The CLIs the tests start run in one process (no relaunch under the live flags, decision 0038):
    // a second node per spawn took the suite on 2 cores from 194 s to 230–242 s and starved timing
    // tests. The relaunch's own tests (live-relaunch, kill-recovery) ask for it.
    env: { CHATLOAD_LIVE_NODE_FLAGS: '' },
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'shared-modules', include: ['test/**/*.test.ts'], exclude: mocksModules, isolate: false },
      },
      ...(mocksModules.length === 0
        ? []
        : [{ extends: true, test: { name: 'isolated', include: mocksModules, isolate: true } }]),
    ],
  },
});
