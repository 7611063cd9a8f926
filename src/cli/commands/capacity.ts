import path from 'node:path';
import type { CommandModule } from 'yargs';
import type { CliContext } from '../cli-context.js';
import { parseSearchArgs, type SearchArgs, withSearchOptions } from '../capacity-options.js';
import { searchOutcome } from '../capacity-outcome.js';
import { runCapacityReplicates } from '../capacity-replicates.js';
import { runCapacitySearch } from '../capacity-run.js';
import { settle } from '../command-outcome.js';
import type { CommandFactory } from '../main.js';
import { MAX_LIVE_REPLICATES, refuseLiveReplicates, replicatesOf } from '../replicate-options.js';
import { dirNameOf } from '../run-ids.js';

interface CapacityArgs extends SearchArgs {
  scenario: string;
  out?: string;
  replicates?: number;
}

export const stamp = (date: Date): string => date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');

export const capacityCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'capacity <scenario>',
    describe: 'Find the largest population that meets the SLOs against the mock: step up, then bisect; one result directory per step',
    builder: (yargs) =>
      withSearchOptions(
        yargs
          .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
          .option('out', { type: 'string', describe: 'capacity directory (default results/capacity-<scenario>-<time>)' })
          .option('replicates', {
            type: 'number',
            describe: `N whole searches under N seeds (replicate 0 is the scenario's seed or --seed) into <out>/r<NN>-s<seed>/, then each knee and their mean and 95 % interval (capacity-replicates.json); live, so more than ${MAX_LIVE_REPLICATES} needs --force`,
          }),
      ),
    handler: async (args) => {
      const parsed = parseSearchArgs(args);
      const replicates = replicatesOf(args.replicates);
      // Live searches play in real time: one --force allows both more replicates and generator-bound steps (as study --live does).
      refuseLiveReplicates('capacity', '--replicates', replicates, parsed.force);
      const scenarioFile = path.resolve(ctx.cwd, args.scenario);
      const name = dirNameOf(path.basename(args.scenario).replace(/\.ya?ml$/i, ''));
      const outDir = path.resolve(ctx.cwd, args.out ?? path.join('results', `capacity-${name}-${stamp(new Date())}`));
      const options = { ...parsed, scenarioFile, outDir, showProgress: args.progress };
      if (replicates > 1) {
        settle((await runCapacityReplicates(options, replicates, ctx)).outcome);
        return;
      }
      const json = await runCapacitySearch(options, ctx);
      settle(searchOutcome([json], ctx.interrupt.aborted));
    },
  }) as CommandModule<object, CapacityArgs> as CommandModule;
