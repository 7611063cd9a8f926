import { simEngine } from '../pipeline/sim-engine.js';
import { loadScenarioFile } from '../scenario/load-scenario.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { simScenarioOf } from '../sim/sim-scenario.js';
import { durationTextOfUs } from '../units.js';
import { pointMeasureOf } from './point-measure.js';
import type { StepRecord } from './study-planner.js';
import { type StepSpec, withStepMock } from './study-steps.js';

/**
 * One study step in virtual time: the shape's scenario file with the step's population, seed,
 * start hour, window and mock changes, played by the sim engine (pipeline/sim-engine.ts) on this
 * thread, kept as its measure. Nothing is written here: the study stores the record.
 */
export function stepScenario(file: string, spec: StepSpec): ResolvedScenario {
  const loaded = loadScenarioFile(file, {
    users: spec.users,
    seed: spec.seed,
    startHour: spec.startHour,
    duration: durationTextOfUs(spec.durationUs),
    flags: { users: `study step ${spec.id}`, seed: `study step ${spec.id}`, startHour: `study step ${spec.id}`, duration: `study step ${spec.id}` },
  });
  return simScenarioOf(withStepMock(loaded, spec.mock)).scenario;
}

/** Runs the step; undefined when it was interrupted (an unfinished step is never stored). */
export async function runSimStep(file: string, spec: StepSpec, interrupt: AbortSignal): Promise<StepRecord | undefined> {
  const started = performance.now();
  const scenario = stepScenario(file, spec);
  const outcome = await simEngine({ threads: 1 }).run(scenario, {
    interrupt,
    onStart: () => {},
    onIntervalClosed: () => {},
    log: () => {},
  });
  if (outcome.interrupted) return undefined;
  const measure = pointMeasureOf({ ...outcome, elapsedUs: scenario.durationUs });
  return { spec, measure, wallSeconds: (performance.now() - started) / 1000 };
}
