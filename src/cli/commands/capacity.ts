import type { CommandModule } from 'yargs';
import { type SearchArgs, withSearchOptions } from '../capacity-options.js';
import type { CliContext } from '../cli-context.js';
import type { CommandFactory } from '../main.js';
import { MAX_LIVE_REPLICATES } from '../replicate-options.js';

export interface CapacityArgs extends SearchArgs {
  scenario: string;
  out?: string;
  replicates?: number;
}

export const stamp = (date: Date): string => date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');

export const capacityCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'capacity <scenario>',
    describe:
      'Find the largest population that meets the SLOs against the mock: step up, then bisect; one result directory per step',
    builder: (yargs) =>
      withSearchOptions(
        yargs
          .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
          .option('out', {
            type: 'string',
            describe: 'capacity directory (default results/capacity-<scenario>-<time>)',
          })
          .option('replicates', {
            type: 'number',
            describe: `N whole searches under N seeds (replicate 0 is the scenario's seed or --seed) into <out>/r<NN>-s<seed>/, then each knee and their mean and 95 % interval (capacity-replicates.json); live, so more than ${MAX_LIVE_REPLICATES} needs --force`,
          }),
      ),
    handler: async (args) => (await import('./capacity-handler.js')).capacityHandler(args, ctx),
  }) as CommandModule<object, CapacityArgs> as CommandModule;
