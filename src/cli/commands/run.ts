import type { CommandModule } from 'yargs';
import { ChatloadError } from '../../errors.js';
import type { CliContext } from '../cli-context.js';
import { LIVE_OUTPUT_YARGS, type LiveOutputArgs } from '../live-output-options.js';
import { LIVE_SHARD_YARGS, type LiveShardArgs } from '../live-shard-options.js';
import { SCENARIO_SOURCE_OPTIONS } from '../scenario-source-options.js';

export interface RunArgs extends LiveOutputArgs, LiveShardArgs {
  scenario?: string;
  from?: string;
  users?: number;
  duration?: string;
  workers?: number;
  target?: string;
  seed?: number;
  'day-in'?: string;
  'start-hour'?: number;
  'pre-roll'?: string;
  out?: string;
  threshold?: string[];
  progress: boolean;
  'dry-run': boolean;
  force: boolean;
}

export const runCommand = (ctx: CliContext): CommandModule<object, RunArgs> => ({
  command: 'run [scenario]',
  describe: 'Run a scenario live against the embedded mock (or --target) and write results/<run-id>/',
  builder: (yargs) =>
    yargs
      .positional('scenario', { type: 'string', describe: 'scenario YAML file (or --from)' })
      .options(SCENARIO_SOURCE_OPTIONS)
      .option('users', { type: 'number', describe: 'population (enrolled users); overrides the scenario' })
      .option('duration', { type: 'string', describe: 'run time, e.g. 30s, 2m' })
      .option('workers', { type: 'number', describe: 'worker threads (default: cores − 1, at least 1)' })
      .option('target', {
        type: 'string',
        describe: 'base URL of a server speaking the mock API, instead of the embedded mock',
      })
      .option('seed', { type: 'number', describe: 'random seed (same seed → same conversations)' })
      .option('day-in', { type: 'string', describe: 'play a whole 24-hour day in this time, e.g. 1m' })
      .option('start-hour', { type: 'number', describe: 'local hour of day at the start (0–24)' })
      .option('pre-roll', {
        type: 'string',
        describe:
          'start conversations this long before the run (steady state): auto (default: the 99.9th percentile of the conversation span) or e.g. 5m; 0 starts empty',
      })
      .option('out', { type: 'string', describe: 'result directory (default results/<run-id>)' })
      .option('threshold', {
        type: 'string',
        array: true,
        describe: 'threshold, e.g. "send.p99<250ms" (repeatable)',
      })
      .option('progress', {
        type: 'boolean',
        default: true,
        describe: 'live progress (--no-progress to silence)',
      })
      .option('dry-run', {
        type: 'boolean',
        default: false,
        describe:
          "print the plan's predicted peak rate, conversations in progress, memory and pre-roll, and whether this machine can drive it; run nothing (exit 0 feasible, 2 not)",
      })
      .option('force', {
        type: 'boolean',
        default: false,
        describe: 'run a plan the feasibility check predicts this machine cannot drive',
      })
      .options(LIVE_OUTPUT_YARGS) // live outputs (issue 13)
      .options(LIVE_SHARD_YARGS) // shards and the start barrier (issue 12)
      .check((args) => {
        for (const [name, value] of [
          ['users', args.users],
          ['workers', args.workers],
          ['seed', args.seed],
          ['start-hour', args['start-hour']],
        ] as const) {
          if (value !== undefined && !Number.isFinite(value))
            throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `--${name} expects a number`);
        }
        return true;
      }),
  // The implementation loads only when `run` runs: every other command, --help and --version start without it.
  handler: async (args) => (await import('./run-handler.js')).runHandler(args, ctx),
});
