import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChatload, tempDir } from './cli-helpers.js';

/** `chatload sim` as a user runs it: the result-directory contract, Ctrl-C, and refused input. */
describe('chatload sim (built CLI)', () => {
  it('stops on Ctrl-C, writes what it simulated up to then, and exits 130', async () => {
    const out = path.join(tempDir('sim-interrupt'), 'result');
    const run = await runChatload(['sim', 'bench/scenarios/sim-1m-each.yaml', '--out', out, '--no-progress'], (child, output) => {
      const timer = setInterval(() => {
        if (output().includes('chatload sim: sim-1m-each')) {
          clearInterval(timer);
          setTimeout(() => child.kill('SIGINT'), 1_500);
        }
      }, 50);
      child.on('close', () => clearInterval(timer));
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/the simulation was interrupted/);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ engine: 'sim', interrupted: true, target: null });
    expect(summary.elapsedSeconds).toBeGreaterThan(0);
    expect(summary.elapsedSeconds).toBeLessThan(86_400);
    for (const file of ['histograms.hlog', 'timeseries.csv', 'latency.csv', 'report.html', 'scenario.json', 'provenance.json']) expect(existsSync(path.join(out, file)), file).toBe(true);
  }, 60_000);

  it('refuses a lateness threshold (nothing is sent late in virtual time) and a bad --threads, exit 2', async () => {
    const lateness = await runChatload(['sim', 'scenarios/smoke.yaml', '--threshold', 'lateness.p99<1ms', '--out', path.join(tempDir('sim-bad'), 'r')]);
    expect(lateness.code).toBe(2);
    expect(lateness.stderr).toMatch(/sim has no generator lateness/);
    const threads = await runChatload(['sim', 'scenarios/smoke.yaml', '--threads', '0']);
    expect(threads.code).toBe(2);
    expect(threads.stderr).toMatch(/--threads expects an integer from 1 to 64, got 0/);
  }, 30_000);
});
