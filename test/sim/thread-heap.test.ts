import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load-scenario.js';
import { parseThreadHeapMiB, THREAD_HEAP_ENV, threadHeapEstimate } from '../../src/sim/thread-heap.js';
import { runChatload, tempDir } from '../e2e/cli-helpers.js';

const SCALE = 'bench/scenarios/sim-chatbot-scale.yaml';

describe("a sim thread's heap limit, sized from the scenario (decision 0036)", () => {
  it('grows with what the plan holds at the busiest hour: ten times the users, ten times the held ops', () => {
    const small = threadHeapEstimate(loadScenarioFile(SCALE, { users: 10_000_000 }), 8, 16);
    const large = threadHeapEstimate(loadScenarioFile(SCALE, { users: 100_000_000 }), 8, 16);
    expect(large.heldOps / small.heldOps).toBeCloseTo(10, 6);
    expect(large.mediaRecords).toBe(small.mediaRecords); // both at the registries' bound over a day
    expect(large.liveMiB).toBeGreaterThan(small.liveMiB);
    expect(large.limitMiB).toBe(Math.ceil(2 * large.liveMiB));
  });

  it("splits the plan and the registries by the thread's share of the clusters", () => {
    const scenario = loadScenarioFile(SCALE, { users: 100_000_000 });
    const half = threadHeapEstimate(scenario, 8, 16);
    const quarter = threadHeapEstimate(scenario, 4, 16);
    expect(half.heldOps / quarter.heldOps).toBeCloseTo(2, 6);
    expect(half.mediaRecords).toBe(2 * quarter.mediaRecords);
  });

  it('never goes below its floor for a small run', () => {
    expect(threadHeapEstimate(loadScenarioFile('scenarios/smoke.yaml'), 1, 1).limitMiB).toBe(256);
  });

  it(`${THREAD_HEAP_ENV}: blank is the estimate, 0 is V8's own limit, anything but whole MiB is refused`, () => {
    expect(parseThreadHeapMiB(undefined)).toBeUndefined();
    expect(parseThreadHeapMiB(' ')).toBeUndefined();
    expect(parseThreadHeapMiB('0')).toBe(0);
    expect(parseThreadHeapMiB('768')).toBe(768);
    for (const bad of ['-1', '1.5', 'lots']) expect(() => parseThreadHeapMiB(bad)).toThrow(/expects a whole number of MiB/);
  });

  it('a thread that runs out of its limit ends the run with a clear error and keeps what was written (built CLI)', async () => {
    const out = path.join(tempDir('thread-heap'), 'out');
    const run = await runChatload(
      ['sim', SCALE, '--users', '2000000', '--duration', '10m', '--threads', '2', '--no-progress', '--out', out],
      undefined,
      { [THREAD_HEAP_ENV]: '4' },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`a sim thread ran out of memory at its heap limit of 4 MiB (set by ${THREAD_HEAP_ENV})`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(out, 'scenario.json'))).toBe(true);
  }, 60_000);
});
