import type { CommandModule } from 'yargs';
import { ChatloadError } from '../../errors.js';
import type { ResolvedScenario } from '../../scenario/resolved-scenario.js';
import { parseThreshold } from '../../scenario/threshold-grammar.js';
import type { CliContext } from '../cli-context.js';
import { SCENARIO_SOURCE_OPTIONS } from '../scenario-source-options.js';
import { SHARD_YARGS } from '../shard-option.js';

export interface SimArgs {
  scenario?: string;
  from?: string;
  users?: number;
  duration?: string;
  seed?: number;
  'start-hour'?: number;
  'pre-roll'?: string;
  threads?: number;
  out?: string;
  threshold?: string[];
  replicates?: number;
  progress: boolean;
  shard?: string;
}

/**
 * `chatload sim`: the scenario's plan against the platform model in virtual time (decisions
 * 0001–0007): deterministic (same scenario and seed, same files but provenance.json), a whole
 * uncompressed day, populations no live run could drive. Same result directory as `run`.
 */
export const simCommand = (ctx: CliContext): CommandModule<object, SimArgs> => ({
  command: 'sim [scenario]',
  describe:
    'Simulate a scenario in virtual time against the platform model (deterministic; whole days, large populations)',
  builder: (yargs) =>
    yargs
      .positional('scenario', { type: 'string', describe: 'scenario YAML file (or --from)' })
      .options(SCENARIO_SOURCE_OPTIONS)
      .option('users', {
        type: 'number',
        describe: 'population (enrolled users, up to 10¹⁰); overrides the scenario',
      })
      .option('duration', {
        type: 'string',
        describe: 'virtual time to simulate, e.g. 24h (the day is never compressed)',
      })
      .option('seed', { type: 'number', describe: 'random seed (same seed → same files)' })
      .option('start-hour', { type: 'number', describe: 'local hour of day at t = 0 (0–24)' })
      .option('pre-roll', {
        type: 'string',
        describe: 'conversations started before t = 0, played unmeasured: auto (default) or e.g. 90m',
      })
      .option('threads', {
        type: 'number',
        describe:
          'threads for the platform clusters (default: cores, at most the clusters); results are the same bytes for any count',
      })
      .option('out', { type: 'string', describe: 'result directory (default results/sim-<name>-s<seed>)' })
      .option('threshold', {
        type: 'string',
        array: true,
        describe: 'threshold, e.g. "send.p99<250ms" (repeatable; lateness has no meaning in sim)',
      })
      .option('replicates', {
        type: 'number',
        describe:
          'play the scenario under N seeds (replicate 0 is its seed) into <out>/r<NN>-s<seed>/, and print each figure as mean and 95 % interval (replicates.json)',
      })
      .option('progress', {
        type: 'boolean',
        default: true,
        describe: 'progress: virtual time reached, events/s (--no-progress to silence)',
      })
      .option('shard', {
        ...SHARD_YARGS,
        describe: `${SHARD_YARGS.describe}; a sim shard plays whole platform clusters i, i + N, … (N must divide mock.clusters)`,
      })
      .check((args) => {
        for (const [name, value] of [
          ['users', args.users],
          ['seed', args.seed],
          ['start-hour', args['start-hour']],
          ['threads', args.threads],
        ] as const) {
          if (value !== undefined && !Number.isFinite(value))
            throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `--${name} expects a number`);
        }
        if (
          args.threads !== undefined &&
          (!Number.isInteger(args.threads) || args.threads < 1 || args.threads > 64)
        ) {
          throw new ChatloadError(
            'CHATLOAD_E_OPTION_INVALID',
            `--threads expects an integer from 1 to 64, got ${args.threads}`,
          );
        }
        return true;
      }),
  handler: async (args) => (await import('./sim-handler.js')).simHandler(args, ctx),
});

/** Nothing is sent late in virtual time: a lateness threshold would judge an empty measure. */
export function refuseLatenessThresholds(scenario: Pick<ResolvedScenario, 'thresholds'>): void {
  const lateness = scenario.thresholds.filter((source) => {
    const parsed = parseThreshold(source);
    return parsed.ok && parsed.value.measure === 'lateness';
  });
  if (lateness.length > 0) {
    throw new ChatloadError(
      'CHATLOAD_E_USAGE',
      `sim has no generator lateness (no HTTP, nothing is sent late in virtual time): remove ${lateness.map((t) => `"${t}"`).join(', ')}`,
    );
  }
}
