import path from 'node:path';
import { renderSummaryTable } from '../../report/summary-table.js';
import type { ScenarioOverrides } from '../../scenario/resolved-scenario.js';
import type { CliContext } from '../cli-context.js';
import { settle } from '../command-outcome.js';
import { refusalText } from '../live-feasibility.js';
import { dryRunText, enforceLivePlan, judgeLivePlan } from '../live-plan-check.js';
import { liveOutputOptionsOf } from '../live-output-options.js';
import { startLiveOutputs } from '../live-outputs.js';
import { liveShardOf, shardRunIdSuffix } from '../live-shard-options.js';
import { makeRunId, uniqueDir } from '../run-ids.js';
import { runScenarioToDir } from '../scenario-run.js';
import { loadScenarioSource } from '../scenario-source.js';
import type { RunArgs } from './run.js';

/** The scenario settings given on the command line. */
function overridesOf(args: RunArgs): ScenarioOverrides {
  return {
    ...(args.users === undefined ? {} : { users: args.users }),
    ...(args.duration === undefined ? {} : { duration: args.duration }),
    ...(args.workers === undefined ? {} : { workers: args.workers }),
    ...(args.target === undefined ? {} : { target: args.target }),
    ...(args.seed === undefined ? {} : { seed: args.seed }),
    ...(args['day-in'] === undefined ? {} : { dayIn: args['day-in'] }),
    ...(args['start-hour'] === undefined ? {} : { startHour: args['start-hour'] }),
    ...(args['pre-roll'] === undefined ? {} : { preRoll: args['pre-roll'] }),
    ...(args.threshold === undefined ? {} : { thresholds: args.threshold }),
  };
}

/** What `chatload run` does once its options are parsed; loaded only when `run` runs (commands/run.ts). */
export async function runHandler(args: RunArgs, ctx: CliContext): Promise<void> {
  const { scenario, replayOf } = loadScenarioSource(args, overridesOf(args), ctx);
  const { shard, cells, startBarrier } = liveShardOf(args, scenario, ctx.env); // issue 12
  const liveOptions = liveOutputOptionsOf(args, shard); // live outputs (issue 13)
  if (args['dry-run']) {
    const verdict = judgeLivePlan(scenario, cells?.length);
    ctx.stdout(dryRunText(scenario, verdict));
    settle(verdict.feasible ? {} : { infeasible: refusalText(verdict, scenario.name) });
    return;
  }
  enforceLivePlan(scenario, args.force, ctx, cells?.length);
  const runId = `${makeRunId(scenario, new Date())}${shardRunIdSuffix(shard)}`;
  const outDir = args.out
    ? path.resolve(ctx.cwd, args.out)
    : uniqueDir(path.resolve(ctx.cwd, 'results', runId));
  // live outputs (issue 13): started before the run, finished with its result, closed after a final scrape.
  const live = await startLiveOutputs(liveOptions, { runId: path.basename(outDir), scenario }, ctx);
  const shardOptions = {
    ...(shard === undefined ? {} : { shard }),
    live: {
      ...(cells === undefined ? {} : { cells }),
      ...(startBarrier === undefined ? {} : { startBarrier }),
      // A scrape must be answered within its timeout on a busy machine too (decision 0037).
      keepCoordinatorPriority: liveOptions.metricsPort !== undefined,
    },
  };
  const { result, summary } = await runScenarioToDir(
    scenario,
    outDir,
    {
      showProgress: args.progress,
      ...shardOptions,
      ...(live ? { listener: live } : {}),
      ...(replayOf ? { replayOf } : {}),
    },
    ctx,
  ).catch(async (error: unknown) => {
    await live?.close();
    throw error;
  });
  await live?.finish(result);
  const print = args.ndjson === '-' ? ctx.stderr : ctx.stdout; // stdout carries the NDJSON stream then
  print(renderSummaryTable(summary, { color: ctx.isTTY && !ctx.env.NO_COLOR }));
  print(`\nResults: ${path.relative(ctx.cwd, outDir) || outDir}\n`);
  await live?.close();
  settle({
    ...(result.interrupted
      ? {
          interrupted: `the run was interrupted; the results above are partial (${path.relative(ctx.cwd, outDir) || outDir})`,
        }
      : {}),
    thresholdFailures: summary.thresholds.filter((t) => !t.pass).map((t) => t.detail),
  });
}
