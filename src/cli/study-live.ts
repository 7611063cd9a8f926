import path from 'node:path';
import { loadScenarioFile } from '../scenario/load-scenario.js';
import { pointMeasureOf } from '../study/point-measure.js';
import type { StepRecord } from '../study/study-planner.js';
import type { StepSpec } from '../study/study-steps.js';
import { durationTextOfUs } from '../units.js';
import type { CliContext } from './cli-context.js';
import { enforceLivePlan } from './live-plan-check.js';
import { runScenarioToDir } from './scenario-run.js';

/**
 * The live side of `study --live`: the step's point played in real time (the day uncompressed,
 * as the sim plays it) against the embedded mock, after the live-feasibility check, written as a
 * normal result directory under the study's live/ and kept as the same measure a sim step gives.
 */
export function liveStepRunner(studyDir: string, options: { readonly force: boolean; readonly showProgress: boolean }, ctx: CliContext) {
  return async (spec: StepSpec, file: string): Promise<StepRecord | undefined> => {
    const started = performance.now();
    const scenario = loadScenarioFile(file, {
      users: spec.users,
      seed: spec.seed,
      startHour: spec.startHour,
      duration: durationTextOfUs(spec.durationUs),
      dayIn: '1d',
      flags: { users: '--live-users', duration: '--live-duration', dayIn: 'the live point (real time)' },
    });
    enforceLivePlan(scenario, options.force, ctx);
    const dir = path.join('live', spec.id);
    ctx.stderr(`chatload study: live point ${spec.id} (${spec.users.toLocaleString('en-US')} users, ${durationTextOfUs(spec.durationUs)} from ${spec.startHour}:00, real time)\n`);
    const { result } = await runScenarioToDir(scenario, path.join(studyDir, dir), { showProgress: options.showProgress, runId: spec.id }, ctx);
    if (result.interrupted) return undefined;
    const measure = pointMeasureOf({ ...result, webhooks: result.webhooks, elapsedUs: scenario.durationUs });
    return { spec, measure, wallSeconds: (performance.now() - started) / 1000, dir };
  };
}
