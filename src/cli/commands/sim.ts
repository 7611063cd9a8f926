import path from 'node:path';
import type { CommandModule } from 'yargs';
import { ChatloadError } from '../../errors.js';
import { simEngine } from '../../pipeline/sim-engine.js';
import { renderSummaryTable } from '../../report/summary-table.js';
import type { ResolvedScenario, ScenarioOverrides } from '../../scenario/resolved-scenario.js';
import { parseThreshold } from '../../scenario/threshold-grammar.js';
import { simScenarioOf } from '../../sim/sim-scenario.js';
import type { CliContext } from '../cli-context.js';
import { settle } from '../command-outcome.js';
import { replicatesOf } from '../replicate-options.js';
import { simRunId, uniqueDir } from '../run-ids.js';
import { resolveShard, SHARD_YARGS } from '../shard-option.js';
import type { ShardSpec } from '../../traffic/shard-split.js';
import { runSimReplicates } from '../sim-replicates.js';
import { parseThreadHeapMiB, THREAD_HEAP_ENV } from '../../sim/thread-heap.js';
import { runScenarioToDir } from '../scenario-run.js';
import { loadScenarioSource } from '../scenario-source.js';
import { SCENARIO_SOURCE_OPTIONS } from '../scenario-source-options.js';

interface SimArgs {
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
  describe: 'Simulate a scenario in virtual time against the platform model (deterministic; whole days, large populations)',
  builder: (yargs) =>
    yargs
      .positional('scenario', { type: 'string', describe: 'scenario YAML file (or --from)' })
      .options(SCENARIO_SOURCE_OPTIONS)
      .option('users', { type: 'number', describe: 'population (enrolled users, up to 10¹⁰); overrides the scenario' })
      .option('duration', { type: 'string', describe: 'virtual time to simulate, e.g. 24h (the day is never compressed)' })
      .option('seed', { type: 'number', describe: 'random seed (same seed → same files)' })
      .option('start-hour', { type: 'number', describe: 'local hour of day at t = 0 (0–24)' })
      .option('pre-roll', { type: 'string', describe: 'conversations started before t = 0, played unmeasured: auto (default) or e.g. 90m' })
      .option('threads', { type: 'number', describe: 'threads for the platform clusters (default: cores, at most the clusters); results are the same bytes for any count' })
      .option('out', { type: 'string', describe: 'result directory (default results/sim-<name>-s<seed>)' })
      .option('threshold', { type: 'string', array: true, describe: 'threshold, e.g. "send.p99<250ms" (repeatable; lateness has no meaning in sim)' })
      .option('replicates', { type: 'number', describe: 'play the scenario under N seeds (replicate 0 is its seed) into <out>/r<NN>-s<seed>/, and print each figure as mean and 95 % interval (replicates.json)' })
      .option('progress', { type: 'boolean', default: true, describe: 'progress: virtual time reached, events/s (--no-progress to silence)' })
      .option('shard', { ...SHARD_YARGS, describe: `${SHARD_YARGS.describe}; a sim shard plays whole platform clusters i, i + N, … (N must divide mock.clusters)` })
      .check((args) => {
        for (const [name, value] of [['users', args.users], ['seed', args.seed], ['start-hour', args['start-hour']], ['threads', args.threads]] as const) {
          if (value !== undefined && !Number.isFinite(value)) throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `--${name} expects a number`);
        }
        if (args.threads !== undefined && (!Number.isInteger(args.threads) || args.threads < 1 || args.threads > 64)) {
          throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `--threads expects an integer from 1 to 64, got ${args.threads}`);
        }
        return true;
      }),
  handler: async (args) => {
    const overrides: ScenarioOverrides = {
      ...(args.users === undefined ? {} : { users: args.users }),
      ...(args.duration === undefined ? {} : { duration: args.duration }),
      ...(args.seed === undefined ? {} : { seed: args.seed }),
      ...(args['start-hour'] === undefined ? {} : { startHour: args['start-hour'] }),
      ...(args['pre-roll'] === undefined ? {} : { preRoll: args['pre-roll'] }),
      ...(args.threshold === undefined ? {} : { thresholds: args.threshold }),
    };
    const source = loadScenarioSource(args, overrides, ctx);
    const { scenario, notes } = simScenarioOf(source.scenario);
    refuseLatenessThresholds(scenario);
    const shard = simShardOf(resolveShard(args.shard, ctx.env), scenario.mock.clusters); // issue 12
    for (const note of notes) ctx.stderr(`chatload sim: ${note}\n`);
    const runId = simRunId(scenario, shard);
    const outDir = args.out ? path.resolve(ctx.cwd, args.out) : uniqueDir(path.resolve(ctx.cwd, 'results', runId));
    const threadHeapMiB = parseThreadHeapMiB(ctx.env[THREAD_HEAP_ENV]);
    const engine = simEngine({
      ...(args.threads === undefined ? {} : { threads: args.threads }),
      notes,
      ...(shard === undefined ? {} : { shard }),
      ...(threadHeapMiB === undefined ? {} : { threadHeapMiB }),
    });
    const replicates = replicatesOf(args.replicates);
    if (replicates > 1) {
      if (shard !== undefined) throw new ChatloadError('CHATLOAD_E_USAGE', '--replicates plays whole populations: give it without --shard');
      const outcome = await runSimReplicates(scenario, replicates, outDir, { engine, showProgress: args.progress }, ctx);
      ctx.stdout(`\nResults: ${path.relative(ctx.cwd, outDir) || outDir}\n`);
      settle({
        ...(outcome.interrupted ? { interrupted: `the replicates were interrupted; ${outcome.table.seeds.length} of ${replicates} finished (${path.relative(ctx.cwd, outDir) || outDir})` } : {}),
        thresholdFailures: outcome.thresholdFailures,
      });
      return;
    }
    const { result, summary } = await runScenarioToDir(scenario, outDir, { showProgress: args.progress, engine, runId, ...(shard === undefined ? {} : { shard }), ...(source.replayOf ? { replayOf: source.replayOf } : {}) }, ctx);
    ctx.stdout(renderSummaryTable(summary, { color: ctx.isTTY && !ctx.env.NO_COLOR }));
    ctx.stdout(`\nResults: ${path.relative(ctx.cwd, outDir) || outDir}\n`);
    settle({
      ...(result.interrupted ? { interrupted: `the simulation was interrupted; the results above cover the virtual time reached (${path.relative(ctx.cwd, outDir) || outDir})` } : {}),
      thresholdFailures: summary.thresholds.filter((t) => !t.pass).map((t) => t.detail),
    });
  },
});

/**
 * A sim shard is a set of whole platform clusters (decision 0004): a shard of a shared platform
 * would see 1/N of the load on a whole one, so N must divide the cluster count.
 */
function simShardOf(shard: ShardSpec | undefined, clusters: number): ShardSpec | undefined {
  if (shard === undefined || clusters % shard.count === 0) return shard;
  const divisors = Array.from({ length: clusters }, (_, i) => i + 1).filter((n) => clusters % n === 0);
  throw new ChatloadError(
    'CHATLOAD_E_OPTION_INVALID',
    `shard ${shard.index}/${shard.count}: a sim shard plays whole platform clusters and mock.clusters is ${clusters}, ` +
      `so the shard count must divide it (${divisors.join(', ')}): a shard of a shared platform would see 1/${shard.count} of the load on a whole platform`,
  );
}

/** Nothing is sent late in virtual time: a lateness threshold would judge an empty measure. */
export function refuseLatenessThresholds(scenario: Pick<ResolvedScenario, 'thresholds'>): void {
  const lateness = scenario.thresholds.filter((source) => {
    const parsed = parseThreshold(source);
    return parsed.ok && parsed.value.measure === 'lateness';
  });
  if (lateness.length > 0) {
    throw new ChatloadError('CHATLOAD_E_USAGE', `sim has no generator lateness (no HTTP, nothing is sent late in virtual time): remove ${lateness.map((t) => `"${t}"`).join(', ')}`);
  }
}
