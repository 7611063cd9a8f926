import path from 'node:path';
import type { Engine } from '../pipeline/engine.js';
import type { LiveEngineOptions } from '../pipeline/live-engine.js';
import { ADMIN_TOKEN_ENV } from '../platform/admin-token.js';
import { type PipelineOptions, type PipelineOutcome, runPipeline } from '../pipeline/run-pipeline.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import type { CliContext } from './cli-context.js';
import { progressListener } from './progress-listener.js';

/**
 * A scenario played by an engine and written as a result directory, with live progress on
 * stderr: what `run` and `sim` do, and what `compare`, `study` and `capacity` do on their way.
 */
export async function runScenarioToDir(
  scenario: ResolvedScenario,
  outDir: string,
  options: {
    readonly showProgress: boolean;
    readonly engine?: Engine;
    readonly runId?: string;
    /** A live shard's cells and start barrier (decisions 0028, 0029). */
    readonly live?: Pick<LiveEngineOptions, 'cells' | 'startBarrier' | 'keepCoordinatorPriority'>;
  } & Pick<PipelineOptions, 'judge' | 'shard' | 'listener' | 'replayOf'>,
  ctx: CliContext,
): Promise<PipelineOutcome> {
  const adminToken = ctx.env[ADMIN_TOKEN_ENV];
  // The live engine (undici, piscina) is loaded only when it plays: sim, study and merge never need it.
  const engine =
    options.engine ??
    (await import('../pipeline/live-engine.js')).createLiveEngine({
      ...options.live,
      ...(adminToken === undefined || adminToken === '' ? {} : { adminToken }),
    });
  const progress = progressListener(engine.kind, scenario, ctx, options.showProgress);
  try {
    return await runPipeline(scenario, engine, {
      outDir,
      runId: options.runId ?? path.basename(outDir),
      interrupt: ctx.interrupt,
      argv: process.argv.slice(2),
      log: (line) => ctx.stderr(`${line}\n`),
      onInterval: progress.onInterval,
      onStart: progress.onStart,
      ...(options.judge === undefined ? {} : { judge: options.judge }),
      ...(options.shard === undefined ? {} : { shard: options.shard }),
      ...(options.listener === undefined ? {} : { listener: options.listener }),
      ...(options.replayOf === undefined ? {} : { replayOf: options.replayOf }),
    });
  } finally {
    progress.stop();
  }
}
