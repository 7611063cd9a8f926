import type { CommandModule } from 'yargs';
import { BASELINE_CHECK_YARGS, type BaselineCheckArgs } from '../baseline-check-options.js';
import type { CliContext } from '../cli-context.js';
import type { CommandFactory } from '../main.js';

export interface MergeArgs extends BaselineCheckArgs {
  dirs: string[];
  out: string;
  threshold?: string[];
  'allow-missing': boolean;
}

/**
 * `chatload merge <dir>... --out DIR` (decision 0028): the shards of one run merged exactly into one
 * result directory that `report` and `compare` read like any other; thresholds (the shards'
 * scenario's and `--threshold`) judged on the merged result (exit 99), and with `--baseline` a
 * regression gate (exit 4; 99 wins). Shards that do not belong together are refused (exit 2).
 */
export const mergeCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'merge <dirs..>',
    describe:
      'Merge the result directories of a sharded run exactly (histograms and counters add) and judge thresholds on the whole',
    builder: (yargs) =>
      yargs
        .positional('dirs', {
          type: 'string',
          array: true,
          demandOption: true,
          describe: 'the shards’ result directories',
        })
        .option('out', { type: 'string', demandOption: true, describe: 'the merged result directory' })
        .option('threshold', {
          type: 'string',
          array: true,
          describe:
            'threshold judged on the merged result, e.g. "send.p99<250ms" (repeatable; with the scenario’s)',
        })
        .option('allow-missing', {
          type: 'boolean',
          default: false,
          describe: 'merge when some shard indexes are absent; the result says partial and which',
        })
        .option('baseline', {
          type: 'string',
          describe:
            'result directory or summary.json to check the merged result against (exit 4 on regression)',
        })
        .options(BASELINE_CHECK_YARGS)
        .option('junit', { type: 'string', describe: 'write JUnit XML of the baseline checks to this file' }),
    handler: async (args) => (await import('./merge-handler.js')).mergeHandler(args, ctx),
  }) as CommandModule<object, MergeArgs> as CommandModule;
