import path from 'node:path';
import { parseSearchArgs } from '../capacity-options.js';
import { searchOutcome } from '../capacity-outcome.js';
import { runCapacityReplicates } from '../capacity-replicates.js';
import { runCapacitySearch } from '../capacity-run.js';
import type { CliContext } from '../cli-context.js';
import { settle } from '../command-outcome.js';
import { refuseLiveReplicates, replicatesOf } from '../replicate-options.js';
import { dirNameOf } from '../run-ids.js';
import { type CapacityArgs, stamp } from './capacity.js';

/** What `chatload capacity` does once its options are parsed; loaded only when `capacity` runs (commands/capacity.ts). */
export async function capacityHandler(args: CapacityArgs, ctx: CliContext): Promise<void> {
  const parsed = parseSearchArgs(args);
  const replicates = replicatesOf(args.replicates);
  // Live searches play in real time: one --force allows both more replicates and generator-bound steps (as study --live does).
  refuseLiveReplicates('capacity', '--replicates', replicates, parsed.force);
  const scenarioFile = path.resolve(ctx.cwd, args.scenario);
  const name = dirNameOf(path.basename(args.scenario).replace(/\.ya?ml$/i, ''));
  const outDir = path.resolve(
    ctx.cwd,
    args.out ?? path.join('results', `capacity-${name}-${stamp(new Date())}`),
  );
  const options = { ...parsed, scenarioFile, outDir, showProgress: args.progress };
  if (replicates > 1) {
    settle((await runCapacityReplicates(options, replicates, ctx)).outcome);
    return;
  }
  const json = await runCapacitySearch(options, ctx);
  settle(searchOutcome([json], ctx.interrupt.aborted));
}
