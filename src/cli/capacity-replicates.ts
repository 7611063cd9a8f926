import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TOOL_VERSION } from '../pipeline/tool-version.js';
import { capacityReplicatesOf, renderCapacityReplicatesText, type ReplicateSearch } from '../report/capacity-replicates-report.js';
import { CAPACITY_REPLICATES_FILE, type CapacityReplicatesJson } from '../report/capacity-replicates-schema.js';
import type { CapacityJson } from '../report/capacity-schema.js';
import { loadScenarioFile } from '../scenario/load-scenario.js';
import { replicateSeeds } from '../traffic/replicate-seeds.js';
import type { CliContext } from './cli-context.js';
import { replicatesOutcome } from './capacity-outcome.js';
import { type CapacityOptions, runCapacitySearch } from './capacity-run.js';
import type { CommandOutcome } from './command-outcome.js';
import { replicateDirName } from './sim-replicates.js';

/** One whole capacity search (runCapacitySearch; a test passes a synthetic one). */
export type CapacitySearch = (options: CapacityOptions, ctx: CliContext) => Promise<CapacityJson>;

export interface CapacityReplicatesResult {
  readonly json: CapacityReplicatesJson;
  readonly outcome: CommandOutcome;
}

/**
 * `capacity --replicates N`: N complete searches under the seeds replicateSeeds(scenario seed, N)
 * (replicate 0 is the scenario's own seed or --seed, decision 0023), each a normal capacity
 * directory `r<NN>-s<seed>/` under the capacity directory, then capacity-replicates.json and
 * the table of knees with their interval. A Ctrl-C stops the replicate under way (which writes
 * its own files, marked interrupted) and no further replicate starts; the table covers those
 * that ran.
 */
export async function runCapacityReplicates(
  options: CapacityOptions,
  replicates: number,
  ctx: CliContext,
  search: CapacitySearch = runCapacitySearch,
): Promise<CapacityReplicatesResult> {
  const startedAt = new Date();
  const baseSeed = loadScenarioFile(options.scenarioFile, options.overrides).seed;
  const runs: ReplicateSearch[] = [];
  for (const [r, seed] of replicateSeeds(baseSeed, replicates).entries()) {
    if (ctx.interrupt.aborted) break;
    const dir = replicateDirName(r, seed);
    ctx.stderr(`chatload capacity: replicate ${r + 1}/${replicates}, seed ${seed} → ${dir}\n`);
    const json = await search({ ...options, overrides: { ...options.overrides, seed }, outDir: path.join(options.outDir, dir) }, ctx);
    runs.push({ seed, dir, search: json });
    if (json.end === 'interrupted') break;
  }
  const interrupted = ctx.interrupt.aborted || runs.some((r) => r.search.end === 'interrupted');
  const json = capacityReplicatesOf(runs, { requested: replicates, interrupted, baseSeed, toolVersion: TOOL_VERSION, startedAt });
  mkdirSync(options.outDir, { recursive: true });
  writeFileSync(path.join(options.outDir, CAPACITY_REPLICATES_FILE), `${JSON.stringify(json, null, 2)}\n`);
  const where = path.relative(ctx.cwd, options.outDir) || options.outDir;
  ctx.stdout(`\n${renderCapacityReplicatesText(json)}\nCapacity replicates: ${where}\n`);
  return { json, outcome: replicatesOutcome(runs.map((r) => r.search), replicates, interrupted, where) };
}
