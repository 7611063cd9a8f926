import type { CommandModule } from 'yargs';
import { BASELINE_CHECK_YARGS, type BaselineCheckArgs } from '../baseline-check-options.js';
import type { CliContext } from '../cli-context.js';
import type { CommandFactory } from '../main.js';

export interface CompareArgs extends BaselineCheckArgs {
  inputs: string[];
  out?: string;
  progress: boolean;
  force: boolean;
}

export const compareCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'compare <inputs..>',
    describe:
      'Compare result directories, summary.json files or scenarios (run first) side by side; with --baseline, fail on regressions',
    builder: (yargs) =>
      yargs
        .positional('inputs', {
          type: 'string',
          array: true,
          demandOption: true,
          describe: 'result directories, summary.json files, or scenario .yaml files to run first',
        })
        .option('baseline', {
          type: 'string',
          describe: 'result directory or summary.json to check every input against',
        })
        .options(BASELINE_CHECK_YARGS)
        .option('junit', {
          type: 'string',
          describe: 'write JUnit XML (one testcase per checked metric) to this file',
        })
        .option('out', {
          type: 'string',
          describe:
            'directory for comparison.csv, comparison.json, report.html and plots/ (default results/compare-<time>)',
        })
        .option('progress', {
          type: 'boolean',
          default: true,
          describe: 'live progress while scenario inputs run (--no-progress to silence)',
        })
        .option('force', {
          type: 'boolean',
          default: false,
          describe: 'run scenario inputs the feasibility check predicts this machine cannot drive',
        }),
    handler: async (args) => (await import('./compare-handler.js')).compareHandler(args, ctx),
  }) as CommandModule<object, CompareArgs> as CommandModule;
