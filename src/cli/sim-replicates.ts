import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../pipeline/engine.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { pointMeasureOf, type PointMeasure } from '../study/point-measure.js';
import { renderReplicateTable, replicateTable, type ReplicateTable } from '../study/replicate-table.js';
import { replicateSeeds } from '../traffic/replicate-seeds.js';
import type { CliContext } from './cli-context.js';
import { runScenarioToDir } from './scenario-run.js';

export const REPLICATES_FILE = 'replicates.json';

/** A replicate's directory under the command's out dir (`sim` and `capacity` alike). */
export const replicateDirName = (replicate: number, seed: number): string => `r${String(replicate).padStart(2, '0')}-s${seed}`;

export interface SimReplicatesOutcome {
  readonly table: ReplicateTable;
  readonly interrupted: boolean;
  readonly thresholdFailures: readonly string[];
}

/**
 * `sim --replicates N`: the scenario under N seeds (replicate 0 is its own seed, decision 0023),
 * each a normal result directory `r<NN>-s<seed>/` under `outDir`, then the figures of every shape
 * as mean and 95 % interval in `replicates.json` and on stdout. Stops at a Ctrl-C after the
 * replicate under way (which is written, partial) and tabulates the finished ones.
 */
export async function runSimReplicates(scenario: ResolvedScenario, replicates: number, outDir: string, options: { readonly engine: Engine; readonly showProgress: boolean }, ctx: CliContext): Promise<SimReplicatesOutcome> {
  const seeds = replicateSeeds(scenario.seed, replicates);
  const measures: PointMeasure[] = [];
  const dirs: string[] = [];
  const failures: string[] = [];
  let interrupted = false;
  for (const [r, seed] of seeds.entries()) {
    if (ctx.interrupt.aborted) break;
    const dir = replicateDirName(r, seed);
    ctx.stderr(`chatload sim: replicate ${r + 1}/${replicates}, seed ${seed} → ${dir}\n`);
    const { result, summary } = await runScenarioToDir({ ...scenario, seed }, path.join(outDir, dir), { showProgress: options.showProgress, engine: options.engine, runId: dir }, ctx);
    if (result.interrupted) {
      interrupted = true;
      break;
    }
    measures.push(pointMeasureOf({ ...result, webhooks: result.webhooks }));
    dirs.push(dir);
    failures.push(...summary.thresholds.filter((t) => !t.pass).map((t) => `seed ${seed}: ${t.detail}`));
  }
  const table = replicateTable(scenario.name, seeds.slice(0, measures.length), dirs, measures);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, REPLICATES_FILE), `${JSON.stringify(table, null, 2)}\n`);
  ctx.stdout(renderReplicateTable(table));
  return { table, interrupted: interrupted || ctx.interrupt.aborted, thresholdFailures: failures };
}
