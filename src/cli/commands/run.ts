import path from 'node:path';
import type { CommandModule } from 'yargs';
import { ChatloadError } from '../../errors.js';
import { renderSummaryTable } from '../../report/summary-table.js';
import type { ScenarioOverrides } from '../../scenario/resolved-scenario.js';
import type { CliContext } from '../cli-context.js';
import { settle } from '../command-outcome.js';
import { refusalText } from '../live-feasibility.js';
import { dryRunText, enforceLivePlan, judgeLivePlan } from '../live-plan-check.js';
import { LIVE_OUTPUT_YARGS, type LiveOutputArgs, liveOutputOptionsOf } from '../live-output-options.js';
import { startLiveOutputs } from '../live-outputs.js';
import { LIVE_SHARD_YARGS, type LiveShardArgs, liveShardOf, shardRunIdSuffix } from '../live-shard-options.js';
import { makeRunId, uniqueDir } from '../run-ids.js';
import { runScenarioToDir } from '../scenario-run.js';
import { loadScenarioSource } from '../scenario-source.js';
import { SCENARIO_SOURCE_OPTIONS } from '../scenario-source-options.js';

interface RunArgs extends LiveOutputArgs, LiveShardArgs {
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
      .option('target', { type: 'string', describe: 'base URL of a server speaking the mock API, instead of the embedded mock' })
      .option('seed', { type: 'number', describe: 'random seed (same seed → same conversations)' })
      .option('day-in', { type: 'string', describe: 'play a whole 24-hour day in this time, e.g. 1m' })
      .option('start-hour', { type: 'number', describe: 'local hour of day at the start (0–24)' })
      .option('pre-roll', { type: 'string', describe: 'start conversations this long before the run (steady state): auto (default: the 99.9th percentile of the conversation span) or e.g. 5m; 0 starts empty' })
      .option('out', { type: 'string', describe: 'result directory (default results/<run-id>)' })
      .option('threshold', { type: 'string', array: true, describe: 'threshold, e.g. "send.p99<250ms" (repeatable)' })
      .option('progress', { type: 'boolean', default: true, describe: 'live progress (--no-progress to silence)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'print the plan\'s predicted peak rate, conversations in progress, memory and pre-roll, and whether this machine can drive it; run nothing (exit 0 feasible, 2 not)' })
      .option('force', { type: 'boolean', default: false, describe: 'run a plan the feasibility check predicts this machine cannot drive' })
      .options(LIVE_OUTPUT_YARGS) // live outputs (issue 13)
      .options(LIVE_SHARD_YARGS) // shards and the start barrier (issue 12)
      .check((args) => {
        for (const [name, value] of [['users', args.users], ['workers', args.workers], ['seed', args.seed], ['start-hour', args['start-hour']]] as const) {
          if (value !== undefined && !Number.isFinite(value)) throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `--${name} expects a number`);
        }
        return true;
      }),
  handler: async (args) => {
    const overrides: ScenarioOverrides = {
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
    const { scenario, replayOf } = loadScenarioSource(args, overrides, ctx);
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
    const outDir = args.out ? path.resolve(ctx.cwd, args.out) : uniqueDir(path.resolve(ctx.cwd, 'results', runId));
    // live outputs (issue 13): started before the run, finished with its result, closed after a final scrape.
    const live = await startLiveOutputs(liveOptions, { runId: path.basename(outDir), scenario }, ctx);
    const shardOptions = { ...(shard === undefined ? {} : { shard }), live: { ...(cells === undefined ? {} : { cells }), ...(startBarrier === undefined ? {} : { startBarrier }) } };
    const { result, summary } = await runScenarioToDir(scenario, outDir, { showProgress: args.progress, ...shardOptions, ...(live ? { listener: live } : {}), ...(replayOf ? { replayOf } : {}) }, ctx).catch(async (error: unknown) => {
      await live?.close();
      throw error;
    });
    await live?.finish(result);
    const print = args.ndjson === '-' ? ctx.stderr : ctx.stdout; // stdout carries the NDJSON stream then
    print(renderSummaryTable(summary, { color: ctx.isTTY && !ctx.env.NO_COLOR }));
    print(`\nResults: ${path.relative(ctx.cwd, outDir) || outDir}\n`);
    await live?.close();
    settle({
      ...(result.interrupted ? { interrupted: `the run was interrupted; the results above are partial (${path.relative(ctx.cwd, outDir) || outDir})` } : {}),
      thresholdFailures: summary.thresholds.filter((t) => !t.pass).map((t) => t.detail),
    });
  },
});
