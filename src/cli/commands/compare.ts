import type { CommandModule } from 'yargs';
import { ChatloadError } from '../../errors.js';
import { DEFAULT_MIN_SAMPLES } from '../../report/regression-check.js';
import type { CliContext } from '../cli-context.js';
import type { CommandFactory } from '../main.js';

export interface CompareArgs {
  inputs: string[];
  baseline?: string;
  'max-regression': string;
  junit?: string;
  out?: string;
  'min-samples': number;
  progress: boolean;
  force: boolean;
}

/** "10%" → 0.1; a bare number is percent too ("10" → 0.1). */
export function parseTolerance(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  if (!match)
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `--max-regression expects a percentage such as 10%, got "${text}"`,
    );
  return Number(match[1]) / 100;
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
        .option('max-regression', {
          type: 'string',
          default: '10%',
          describe: 'tolerance for p99 latency, error share and rate',
        })
        .option('min-samples', {
          type: 'number',
          default: DEFAULT_MIN_SAMPLES,
          describe: 'completions a series needs in both runs to be checked',
        })
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
