import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context.js';
import {
  judgeLiveFeasibility,
  LIVE_OPS_PER_SECOND_PER_WORKER,
  PLAN_BYTES_PER_OP,
  PRE_ROLL_BUDGET_SECONDS,
  PRE_ROLL_OPS_PER_SECOND_PER_WORKER,
  refusalText,
} from '../../src/cli/live-feasibility.js';
import { runCli } from '../../src/cli/main.js';
import type { LiveDemand } from '../../src/traffic/live-demand.js';

const GB = 1e9;

function demand(overrides: Partial<LiveDemand>): LiveDemand {
  return {
    peakOpsPerSecond: 100,
    peakPlayedHour: 10,
    playedHours: 1,
    concurrentConversations: 1_000,
    concurrentOps: 10_000,
    preRollConversations: 0,
    preRollOps: 0,
    shapes: [],
    ...overrides,
  };
}

describe('live feasibility: what this machine\'s live engine can drive', () => {
  it('accepts a plan within every limit', () => {
    const verdict = judgeLiveFeasibility(demand({}), { workers: 1, heapLimitBytes: 4 * GB });
    expect(verdict).toMatchObject({ feasible: true, problems: [], busiestWorkerShare: 1, opsPerSecondLimit: LIVE_OPS_PER_SECOND_PER_WORKER });
  });

  it('limits the rate by the busiest worker: 64 cells over 3 workers put 22 on one', () => {
    const verdict = judgeLiveFeasibility(demand({}), { workers: 3, heapLimitBytes: 4 * GB });
    expect(verdict.busiestWorkerShare).toBe(22 / 64);
    expect(verdict.opsPerSecondLimit).toBeCloseTo((LIVE_OPS_PER_SECOND_PER_WORKER * 64) / 22, 9);
    const atLimit = judgeLiveFeasibility(demand({ peakOpsPerSecond: LIVE_OPS_PER_SECOND_PER_WORKER * 2 }), { workers: 2, heapLimitBytes: 4 * GB });
    expect(atLimit.feasible).toBe(true);
    const over = judgeLiveFeasibility(demand({ peakOpsPerSecond: LIVE_OPS_PER_SECOND_PER_WORKER * 2 + 1 }), { workers: 2, heapLimitBytes: 4 * GB });
    expect(over.feasible).toBe(false);
    expect(over.problems[0]).toMatch(/^predicted peak 26,001 ops\/s \(played hour 10\.00\) is beyond the 26,000 ops\/s 2 workers can send/);
  });

  it('refuses plan memory beyond half the heap of a worker', () => {
    const heapLimitBytes = 2 * GB;
    const fits = (GB / PLAN_BYTES_PER_OP) * 2; // two workers, each half the ops: exactly half the heap each
    expect(judgeLiveFeasibility(demand({ concurrentOps: fits }), { workers: 2, heapLimitBytes }).feasible).toBe(true);
    const verdict = judgeLiveFeasibility(demand({ concurrentOps: fits * 1.01 }), { workers: 2, heapLimitBytes });
    expect(verdict.feasible).toBe(false);
    expect(verdict.problems).toEqual([expect.stringMatching(/per worker, beyond 1000 MB \(half its 2000 MB heap\)$/)]);
  });

  it('refuses a pre-roll that takes longer to generate than a worker may take to be ready', () => {
    const budgetOps = PRE_ROLL_OPS_PER_SECOND_PER_WORKER * PRE_ROLL_BUDGET_SECONDS;
    expect(judgeLiveFeasibility(demand({ preRollOps: budgetOps }), { workers: 1, heapLimitBytes: 4 * GB }).feasible).toBe(true);
    const verdict = judgeLiveFeasibility(demand({ preRollOps: budgetOps * 2 }), { workers: 1, heapLimitBytes: 4 * GB });
    expect(verdict.problems).toEqual([expect.stringMatching(/≈40 s of generating per worker, beyond 20 s$/)]);
  });

  it('says what is too much and points to sim, shards and --force', () => {
    const verdict = judgeLiveFeasibility(demand({ peakOpsPerSecond: 1e12, concurrentOps: 1e13 }), { workers: 1, heapLimitBytes: 4 * GB });
    expect(verdict.problems).toHaveLength(2);
    const text = refusalText(verdict, 'huge');
    expect(text).toContain('predicted peak 1.00e12 ops/s');
    expect(text).toMatch(/chatload sim/);
    expect(text).toMatch(/--shard i\/N/);
    expect(text).toMatch(/--force/);
  });
});

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), isTTY: false, env: {}, cwd: process.cwd(), interrupt: new AbortController().signal };
  const code = await runCli(argv, ctx);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('run refuses an infeasible live plan before any load', () => {
  it('--dry-run prints the predicted figures and a feasible verdict (exit 0), running nothing', async () => {
    const run = await cli(['run', 'scenarios/smoke.yaml', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^chatload run --dry-run: smoke — 20,000 users, 3s, a day in 1m, pre-roll 2m, target embedded/);
    expect(run.stdout).toMatch(/predicted peak rate\s+[\d,]+ ops\/s/);
    expect(run.stdout).toMatch(/verdict\s+feasible on this machine/);
    expect(run.stderr).toBe('');
  });

  it('--dry-run of the main job (scenarios/versus.yaml): real time, the automatic pre-roll as a duration, feasible', async () => {
    const run = await cli(['run', 'scenarios/versus.yaml', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^chatload run --dry-run: versus — 3,800,000 users, 1m, real time, pre-roll 1h3\dm \(auto\), target embedded/);
    expect(run.stdout).toMatch(/verdict\s+feasible on this machine/);
  });

  it('--dry-run of users: 1e10 says NOT feasible and exits 2', async () => {
    const run = await cli(['run', 'scenarios/smoke.yaml', '--dry-run', '--users', '1e10']);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/verdict\s+NOT feasible: predicted peak/);
    expect(run.stderr).toMatch(/^chatload: the live plan of smoke is beyond this machine's load generator/);
  });

  it('refuses users: 1e10 with the numbers and a pointer to sim and shards (exit 2), in well under a second', async () => {
    const started = performance.now();
    const run = await cli(['run', 'scenarios/smoke.yaml', '--users', '1e10', '--out', '/nonexistent/never-written']);
    expect(run.code).toBe(2);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(run.stderr).toMatch(/predicted peak [\d.e]+ ops\/s .* beyond the 13,000 ops\/s 1 worker can send/);
    expect(run.stderr).toMatch(/chatload sim.*--shard i\/N.*--force/);
  });

  it('names the flag when an override is out of bounds, on every command that takes it', async () => {
    for (const argv of [
      ['run', 'scenarios/smoke.yaml', '--duration', '0s'],
      ['capacity', 'scenarios/smoke.yaml', '--seed', '-1'],
      ['study', 'scenarios/customer-service.yaml', 'scenarios/general-chatbot.yaml', '--seed', '-1'],
      ['profile', 'scenarios/smoke.yaml', '--users', '1e12'],
    ]) {
      const run = await cli(argv);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^chatload: invalid command-line option for scenario .*\.yaml: 1 problem\n {2}- --(duration|seed|users): expected .*, got /);
    }
  });
});

describe('capacity ends the search where the generator cannot follow ("generator-bound")', () => {
  it('does not run a first step beyond the machine: nothing measured, capacity.json says why, exit 2', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const out = mkdtempSync(path.join(os.tmpdir(), 'chatload-genbound-'));
    const run = await cli(['capacity', 'scenarios/smoke.yaml', '--start-users', '1000000000', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/step 1 \(1,000,000,000 users\) is generator-bound: predicted peak/);
    expect(run.stderr).toMatch(/^chatload: smoke: generator-bound: the next step \(1,000,000,000 users\) is beyond this machine's live load generator/m);
    expect(run.stdout).toMatch(/-\s+1,000,000,000\s+start\s+-.*generator-bound/);
    const json = JSON.parse(readFileSync(path.join(out, 'capacity.json'), 'utf8'));
    expect(json).toMatchObject({ end: 'generator-bound', knee: null, steps: [], generatorBound: { users: 1e9, phase: 'start' } });
    expect(json.generatorBound.reasons[0]).toMatch(/^predicted peak/);
  });
});
