import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ChatloadError } from '../errors.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { PointMeasureSchema } from './point-measure.js';
import type { StepRecord } from './study-planner.js';
import { STUDY_FILES } from './study-schema.js';
import { type StudySettings, StudySettingsSchema } from './study-settings.js';
import type { StepSpec } from './study-steps.js';

/**
 * The study directory as the study's memory: `study-plan.json` says which study it is (scenario
 * files and fingerprints, settings), and `steps/<id>.json` holds each finished step, written whole
 * (to a temporary name, then renamed), so a crash or Ctrl-C never leaves half a step. A study
 * started again on the same directory reads its finished steps back instead of running them.
 */
export const StudyPlanSchema = Type.Object({
  schemaVersion: Type.Literal(1),
  scenarios: Type.Array(Type.Object({ file: Type.String(), fingerprint: Type.String() })),
  /** The command-line choices that are not settings (seed override), for `--resume`. */
  seed: Type.Union([Type.Integer(), Type.Null()]),
  settings: StudySettingsSchema,
});
export type StudyPlan = Static<typeof StudyPlanSchema>;

const StepRecordSchema = Type.Object({
  spec: Type.Unsafe<StepSpec>(Type.Object({ id: Type.String(), part: Type.String(), shape: Type.String(), users: Type.Number(), seed: Type.Integer() })),
  measure: PointMeasureSchema,
  wallSeconds: Type.Number({ minimum: 0 }),
  dir: Type.Optional(Type.String()),
});

/** SHA-256 of the resolved scenario as JSON (its own file path left out, so a moved file still matches). */
export function scenarioFingerprint(scenario: ResolvedScenario): string {
  return createHash('sha256').update(JSON.stringify({ ...scenario, source: null })).digest('hex');
}

export function readStudyPlan(dir: string): StudyPlan | undefined {
  const file = path.join(dir, STUDY_FILES.plan);
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ChatloadError('CHATLOAD_E_RESULT_DIR_INVALID', `${file} is not JSON: ${(error as Error).message}`);
  }
  if (!Value.Check(StudyPlanSchema, parsed)) {
    const first = [...Value.Errors(StudyPlanSchema, parsed)][0];
    throw new ChatloadError('CHATLOAD_E_RESULT_DIR_INVALID', `${file} is not a study plan${first ? ` (${first.path}: ${first.message})` : ''}`);
  }
  return parsed;
}

/** What differs between a directory's plan and this study's, in words (empty: the same study). */
export function planDifferences(stored: StudyPlan, current: StudyPlan): string[] {
  const problems: string[] = [];
  stored.scenarios.forEach((s, i) => {
    const now = current.scenarios[i];
    if (now === undefined || now.fingerprint !== s.fingerprint) problems.push(`scenario ${i + 1} (${s.file}) is not the one the study started with`);
  });
  if (stored.seed !== current.seed) problems.push(`--seed ${String(current.seed)} (the study used ${String(stored.seed)})`);
  // The live point may be added to (or left off) a study: its steps are extra and named apart.
  const measured = (settings: StudySettings) => JSON.stringify({ ...settings, live: null });
  if (measured(stored.settings) !== measured(current.settings)) problems.push('other settings (replicates, populations, tiers or SLO)');
  return problems;
}

const writeWhole = (file: string, text: string): void => {
  const temporary = `${file}.partial`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
};

export function writeStudyPlan(dir: string, plan: StudyPlan): void {
  mkdirSync(path.join(dir, STUDY_FILES.steps), { recursive: true });
  writeWhole(path.join(dir, STUDY_FILES.plan), `${JSON.stringify(plan, null, 2)}\n`);
}

export function writeStep(dir: string, record: StepRecord): void {
  writeWhole(path.join(dir, STUDY_FILES.steps, `${record.spec.id}.json`), `${JSON.stringify(record)}\n`);
}

/** The finished steps stored in the directory; a file that does not read back is left to be run again. */
export function readSteps(dir: string, warn: (line: string) => void): Map<string, StepRecord> {
  const steps = new Map<string, StepRecord>();
  const stepsDir = path.join(dir, STUDY_FILES.steps);
  if (!existsSync(stepsDir)) return steps;
  for (const name of readdirSync(stepsDir).filter((n) => n.endsWith('.json')).sort()) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(path.join(stepsDir, name), 'utf8'));
      if (!Value.Check(StepRecordSchema, parsed) || `${parsed.spec.id}.json` !== name) throw new Error('not a step record');
      steps.set(parsed.spec.id, parsed);
    } catch (error) {
      warn(`steps/${name} does not read back (${(error as Error).message}); that step runs again`);
    }
  }
  return steps;
}
