import path from 'node:path';
import { ChatloadError } from '../../errors.js';
import type { ReplayOf } from '../../metrics/provenance.js';
import { simEngine } from '../../pipeline/sim-engine.js';
import { renderSummaryTable } from '../../report/summary-table.js';
import type { ResolvedScenario, ScenarioOverrides } from '../../scenario/resolved-scenario.js';
import { simScenarioOf } from '../../sim/sim-scenario.js';
import { parseThreadHeapMiB, THREAD_HEAP_ENV } from '../../sim/thread-heap.js';
import type { ShardSpec } from '../../traffic/shard-split.js';
import type { CliContext } from '../cli-context.js';
import { settle } from '../command-outcome.js';
import { replicatesOf } from '../replicate-options.js';
import { simRunId, uniqueDir } from '../run-ids.js';
import { runScenarioToDir } from '../scenario-run.js';
import { loadScenarioSource } from '../scenario-source.js';
import { resolveShard } from '../shard-option.js';
import { runSimReplicates } from '../sim-replicates.js';
import { refuseLatenessThresholds, type SimArgs } from './sim.js';

/** The scenario settings given on the command line. */
function overridesOf(args: SimArgs): ScenarioOverrides {
  return {
    ...(args.users === undefined ? {} : { users: args.users }),
    ...(args.duration === undefined ? {} : { duration: args.duration }),
    ...(args.seed === undefined ? {} : { seed: args.seed }),
    ...(args['start-hour'] === undefined ? {} : { startHour: args['start-hour'] }),
    ...(args['pre-roll'] === undefined ? {} : { preRoll: args['pre-roll'] }),
    ...(args.threshold === undefined ? {} : { thresholds: args.threshold }),
  };
}

/** What `chatload sim` does once its options are parsed; loaded only when `sim` runs (commands/sim.ts). */
export async function simHandler(args: SimArgs, ctx: CliContext): Promise<void> {
  const source = loadScenarioSource(args, overridesOf(args), ctx);
  const { scenario, notes } = simScenarioOf(source.scenario);
  refuseLatenessThresholds(scenario);
  const shard = simShardOf(resolveShard(args.shard, ctx.env), scenario.mock.clusters); // issue 12
  for (const note of notes) ctx.stderr(`chatload sim: ${note}\n`);
  const runId = simRunId(scenario, shard);
  const outDir = args.out
    ? path.resolve(ctx.cwd, args.out)
    : uniqueDir(path.resolve(ctx.cwd, 'results', runId));
  const threadHeapMiB = parseThreadHeapMiB(ctx.env[THREAD_HEAP_ENV]);
  const engine = simEngine({
    ...(args.threads === undefined ? {} : { threads: args.threads }),
    notes,
    ...(shard === undefined ? {} : { shard }),
    ...(threadHeapMiB === undefined ? {} : { threadHeapMiB }),
  });
  const replicates = replicatesOf(args.replicates);
  if (replicates === 1) {
    await runOnce(
      scenario,
      outDir,
      { engine, runId, shard, replayOf: source.replayOf, showProgress: args.progress },
      ctx,
    );
    return;
  }
  if (shard !== undefined)
    throw new ChatloadError(
      'CHATLOAD_E_USAGE',
      '--replicates plays whole populations: give it without --shard',
    );
  const outcome = await runSimReplicates(
    scenario,
    replicates,
    outDir,
    { engine, showProgress: args.progress },
    ctx,
  );
  ctx.stdout(`\nResults: ${shownDir(outDir, ctx)}\n`);
  settle({
    ...(outcome.interrupted
      ? {
          interrupted: `the replicates were interrupted; ${outcome.table.seeds.length} of ${replicates} finished (${shownDir(outDir, ctx)})`,
        }
      : {}),
    thresholdFailures: outcome.thresholdFailures,
  });
}

interface OneRun {
  readonly engine: ReturnType<typeof simEngine>;
  readonly runId: string;
  readonly shard: ShardSpec | undefined;
  readonly replayOf: ReplayOf | undefined;
  readonly showProgress: boolean;
}

/** One simulation into `outDir`: its summary table, then its exit code. */
async function runOnce(
  scenario: ResolvedScenario,
  outDir: string,
  run: OneRun,
  ctx: CliContext,
): Promise<void> {
  const { result, summary } = await runScenarioToDir(
    scenario,
    outDir,
    {
      showProgress: run.showProgress,
      engine: run.engine,
      runId: run.runId,
      ...(run.shard === undefined ? {} : { shard: run.shard }),
      ...(run.replayOf === undefined ? {} : { replayOf: run.replayOf }),
    },
    ctx,
  );
  ctx.stdout(renderSummaryTable(summary, { color: ctx.isTTY && !ctx.env.NO_COLOR }));
  ctx.stdout(`\nResults: ${shownDir(outDir, ctx)}\n`);
  settle({
    ...(result.interrupted
      ? {
          interrupted: `the simulation was interrupted; the results above cover the virtual time reached (${shownDir(outDir, ctx)})`,
        }
      : {}),
    thresholdFailures: summary.thresholds.filter((t) => !t.pass).map((t) => t.detail),
  });
}

function shownDir(outDir: string, ctx: CliContext): string {
  return path.relative(ctx.cwd, outDir) || outDir;
}

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
