import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context.js';
import { replicatesOutcome } from '../../src/cli/capacity-outcome.js';
import { runCapacityReplicates } from '../../src/cli/capacity-replicates.js';
import type { CapacityOptions } from '../../src/cli/capacity-run.js';
import { outcomeError } from '../../src/cli/command-outcome.js';
import { capacityCommand } from '../../src/cli/commands/capacity.js';
import { EXIT, EXIT_CODE_OF } from '../../src/cli/exit-codes.js';
import { CapacityReplicatesSchema } from '../../src/report/capacity-replicates-schema.js';
import type { CapacityJson } from '../../src/report/capacity-schema.js';
import { replicateSeeds } from '../../src/traffic/replicate-seeds.js';
import { runChatload, tempDir } from '../e2e/cli-helpers.js';
import { runCommandForTest } from '../report/helpers/cli-harness.js';
import { bracketed, capacitySearch, capacityStep } from '../report/helpers/capacity-fixture.js';

const exitOf = (searches: readonly CapacityJson[], interrupted = false): number => {
  const error = outcomeError(replicatesOutcome(searches, 3, interrupted, 'out'));
  return error === undefined ? EXIT.OK : EXIT_CODE_OF[error.code];
};

describe('the exit code of capacity --replicates (the most telling replicate decides)', () => {
  const noPass = capacitySearch(2, 'no-pass', [capacityStep(1, 1000, false)]);
  const lowerBound = capacitySearch(3, 'max-steps-no-fail', [capacityStep(1, 1000, true)]);
  const unmeasurable = capacitySearch(4, 'generator-bound', []);

  it('is 0 when every replicate found a knee or a lower bound', () => {
    expect(exitOf([bracketed(1, 1000, 1100), lowerBound])).toBe(EXIT.OK);
  });

  it('is 99 when any replicate had no population meeting the SLOs, naming its seed', () => {
    expect(exitOf([bracketed(1, 1000, 1100), noPass, unmeasurable])).toBe(EXIT.THRESHOLD_FAILED);
    expect(outcomeError(replicatesOutcome([bracketed(1, 1000, 1100), noPass], 2, false, 'out'))?.message).toContain(
      'capacity search failed: smoke (seed 2): no population met the SLOs: even 1,000 users failed',
    );
  });

  it('is 2 when a replicate could measure nothing on this machine and none failed', () => {
    expect(exitOf([bracketed(1, 1000, 1100), unmeasurable])).toBe(EXIT.BAD_INPUT);
  });

  it('is 130 after a Ctrl-C, saying how many replicates finished', () => {
    const stopped = capacitySearch(5, 'interrupted', [capacityStep(1, 1000, true), capacityStep(2, 2000, false, true)]);
    expect(exitOf([noPass, stopped])).toBe(EXIT.INTERRUPTED);
    expect(replicatesOutcome([noPass, stopped], 3, true, 'out').interrupted).toBe(
      'the capacity replicates were interrupted: 1 of 3 finished; what was measured is written in out',
    );
  });
});

function testContext(cwd: string): { ctx: CliContext; stop: () => void; stdout: () => string } {
  const controller = new AbortController();
  let out = '';
  const ctx: CliContext = { stdout: (t) => (out += t), stderr: () => {}, isTTY: false, env: {}, cwd, interrupt: controller.signal };
  return { ctx, stop: () => controller.abort(), stdout: () => out };
}

const optionsFor = (outDir: string, seed?: number): CapacityOptions => ({
  scenarioFile: path.resolve('scenarios/smoke.yaml'),
  overrides: seed === undefined ? {} : { seed },
  slos: undefined,
  warmupUs: 0,
  stepDurationUs: 1_000_000,
  startUsers: 1000,
  growth: 2,
  resolution: 0.1,
  maxSteps: 2,
  outDir,
  showProgress: false,
  force: false,
});

describe('the replicate loop (with a synthetic search in place of live steps)', () => {
  it('runs one search per replicate seed (replicate 0 the scenario seed, or --seed) into r<NN>-s<seed>/ and writes capacity-replicates.json', async () => {
    const out = tempDir('capacity-replicates-loop');
    const { ctx, stdout } = testContext(out);
    const asked: CapacityOptions[] = [];
    const { json, outcome } = await runCapacityReplicates(optionsFor(out, 11), 3, ctx, async (options) => {
      asked.push(options);
      const seed = options.overrides.seed!;
      return bracketed(seed, 1000 + 100 * asked.length, 2000);
    });
    const seeds = replicateSeeds(11, 3);
    expect(seeds[0]).toBe(11);
    expect(asked.map((o) => [o.overrides.seed, path.relative(out, o.outDir)])).toEqual(seeds.map((s, r) => [s, `r0${r}-s${s}`]));
    const written = JSON.parse(readFileSync(path.join(out, 'capacity-replicates.json'), 'utf8'));
    expect(Value.Check(CapacityReplicatesSchema, written)).toBe(true);
    expect(written).toEqual(json);
    expect(json.knee).toMatchObject({ n: 3, mean: 1200 });
    expect(json.scenario.baseSeed).toBe(11);
    expect(outcomeError(outcome)).toBeUndefined();
    expect(stdout()).toContain('knee: mean 1,200 users, 95 % CI 952–1,448 (Student t, n = 3 of 3 replicates, sd 100)');
  });

  it('stops after the replicate a Ctrl-C interrupts: its row is listed, left out of the interval, no later replicate runs, and the outcome is 130', async () => {
    const out = tempDir('capacity-replicates-stop');
    const { ctx, stop } = testContext(out);
    let calls = 0;
    const { json, outcome } = await runCapacityReplicates(optionsFor(out), 3, ctx, async (options) => {
      calls += 1;
      const seed = options.overrides.seed!;
      if (calls === 1) return bracketed(seed, 1000, 1100);
      stop();
      return capacitySearch(seed, 'interrupted', [capacityStep(1, 1000, true), capacityStep(2, 2000, false, true)]);
    });
    expect(calls).toBe(2);
    expect(json.interrupted).toBe(true);
    expect(json.replicates.map((r) => [r.seed, r.end, r.inInterval])).toEqual([
      [7, 'converged', true],
      [replicateSeeds(7, 2)[1], 'interrupted', false],
    ]);
    expect(json.knee).toMatchObject({ n: 1, mean: 1000 });
    expect(existsSync(path.join(out, 'capacity-replicates.json'))).toBe(true);
    expect(EXIT_CODE_OF[outcomeError(outcome)!.code]).toBe(EXIT.INTERRUPTED);
  });
});

describe('chatload capacity --replicates (options)', () => {
  it('refuses more than 3 live replicates without --force, before running anything', async () => {
    const out = path.join(tempDir('capacity-replicates-refuse'), 'out');
    const run = await runCommandForTest(capacityCommand, ['capacity', 'scenarios/smoke.yaml', '--replicates', '4', '--out', out], process.cwd());
    expect(run.code).toBe(EXIT.BAD_INPUT);
    expect(run.stderr).toContain('capacity: --replicates 4 would play 4 live replicates');
    expect(run.stderr).toContain('at most 3 without --force');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a replicate count that is not a whole number ≥ 1', async () => {
    const run = await runCommandForTest(capacityCommand, ['capacity', 'scenarios/smoke.yaml', '--replicates', '1.5'], process.cwd());
    expect(run.code).toBe(EXIT.BAD_INPUT);
    expect(run.stderr).toContain('--replicates expects a whole number ≥ 1, got 1.5');
  });
});

// End to end on the built CLI: two replicates whose first step this machine cannot drive, so
// no live step runs (the live steps themselves are capacity-cli.test.ts's; the loop is above).
describe('chatload capacity --replicates 2 (built CLI, smoke scenario, a first step beyond the machine)', () => {
  it('writes a capacity directory per replicate seed and the replicate table; searches that measured nothing are listed, left out, and exit 2', async () => {
    const out = tempDir('capacity-replicates');
    const args = ['capacity', 'scenarios/smoke.yaml', '--replicates', '2', '--seed', '21', '--slo', 'errors<50%'];
    const run = await runChatload([...args, '--start-users', '1000000000', '--max-steps', '1', '--out', out]);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(EXIT.BAD_INPUT);
    const seeds = replicateSeeds(21, 2);
    const json = JSON.parse(readFileSync(path.join(out, 'capacity-replicates.json'), 'utf8'));
    expect(Value.Check(CapacityReplicatesSchema, json)).toBe(true);
    expect(json.replicates.map((r: { seed: number; dir: string; end: string; knee: number | null }) => [r.seed, r.dir, r.end, r.knee])).toEqual(
      seeds.map((s, r) => [s, `r0${r}-s${s}`, 'generator-bound', null]),
    );
    for (const [r, seed] of seeds.entries()) {
      const search = JSON.parse(readFileSync(path.join(out, `r0${r}-s${seed}`, 'capacity.json'), 'utf8')) as CapacityJson;
      expect(search.scenario.seed).toBe(seed);
      expect(search.steps).toEqual([]);
    }
    expect(run.stdout).toContain(`chatload capacity: smoke — 2 of 2 replicates; seeds ${seeds.join(', ')}; SLOs errors<50%`);
    expect(run.stdout).toContain('knee: no replicate bracketed a knee (n = 0 of 2 replicates): no mean, no interval');
  }, 60_000);
});
