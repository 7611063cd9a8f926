import { ChatloadError } from '../errors.js';
import { finishProvenance, startProvenance } from '../pipeline/provenance.js';
import { buildStudy } from './build-study.js';
import { planDifferences, readStudyPlan, readSteps, type StudyPlan, writeStep, writeStudyPlan } from './step-store.js';
import { createStepPool } from './step-pool.js';
import { type StudyDesign, type StudyScenarios, studyDesign } from './study-design.js';
import { quotaSearches, readySteps, type SearchState, type StepRecord, studyComplete } from './study-planner.js';
import type { StudyJson } from './study-schema.js';
import type { StudySettings } from './study-settings.js';
import type { StepSpec } from './study-steps.js';

/**
 * A study from start (or from where it stopped) to study.json: reads back the finished steps of
 * the directory, runs the ready sim steps on the threads, stores each as it finishes, asks the
 * planner for more until none is left or the user interrupts, then plays the live point (alone,
 * so the sims do not take its CPU) and builds the study from every finished step.
 */
export interface StudyRunOptions {
  readonly dir: string;
  /** Absolute scenario files, customer service first. */
  readonly files: { readonly customerService: string; readonly chatbot: string };
  readonly scenarios: StudyScenarios;
  readonly refs: StudyJson['scenarios'];
  readonly settings: StudySettings;
  readonly seed: number | null;
  readonly threads: number;
  readonly interrupt: AbortSignal;
  readonly log: (line: string) => void;
  readonly argv: readonly string[];
  /** Plays a live step (the CLI's live engine, with its feasibility check); absent: live steps are skipped. */
  readonly runLiveStep?: (spec: StepSpec, file: string) => Promise<StepRecord | undefined>;
}

export interface StudyRun {
  readonly study: StudyJson;
  readonly complete: boolean;
}

const isLiveRun = (spec: StepSpec): boolean => spec.part === 'live' && spec.engine === 'live';

function describe(record: StepRecord): string {
  const { spec, measure } = record;
  const ops = measure.all.completed.toLocaleString('en-US');
  const what =
    spec.part === 'quota'
      ? `${spec.users.toLocaleString('en-US')} users at ${spec.tier} msg/s, 130429 ${(((measure.all.errorsByCode['130429'] ?? 0) / Math.max(1, measure.all.completed)) * 100).toFixed(2)} %`
      : spec.part === 'slots'
        ? `${spec.users.toLocaleString('en-US')} users on ${spec.slots} slots, sojourn p99 ${(measure.all.sojournUs.p99 / 1000).toFixed(1)} ms`
        : `${spec.users.toLocaleString('en-US')} users`;
  return `${spec.id}: ${what}, ${ops} operations (${record.wallSeconds.toFixed(1)} s)`;
}

/** The directory's plan for this study; a directory made for another study is refused (nothing is overwritten). */
function claimDirectory(options: StudyRunOptions): void {
  const plan: StudyPlan = {
    schemaVersion: 1,
    scenarios: [
      { file: options.files.customerService, fingerprint: options.refs.customerService.fingerprint },
      { file: options.files.chatbot, fingerprint: options.refs.chatbot.fingerprint },
    ],
    seed: options.seed,
    settings: options.settings,
  };
  const stored = readStudyPlan(options.dir);
  const differences = stored === undefined ? [] : planDifferences(stored, plan);
  if (differences.length > 0) {
    throw new ChatloadError('CHATLOAD_E_USAGE', `${options.dir} holds another study: ${differences.join('; ')}. Resume it as it was started (--resume ${options.dir}), or give another --out`);
  }
  writeStudyPlan(options.dir, plan);
}

async function runSimSteps(options: StudyRunOptions, design: StudyDesign, finished: Map<string, StepRecord>): Promise<void> {
  const pool = createStepPool(options.threads, options.interrupt);
  const fileOf = (spec: StepSpec) => (spec.shape === 'customer-service' ? options.files.customerService : options.files.chatbot);
  const running = new Map<string, Promise<void>>();
  let failure: unknown;
  const start = (spec: StepSpec) => {
    const done = pool
      .run(spec, fileOf(spec))
      .then((record) => {
        if (record === undefined) return;
        writeStep(options.dir, record);
        finished.set(spec.id, record);
        options.log(`chatload study: ${finished.size} done · ${describe(record)}`);
      })
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => running.delete(spec.id));
    running.set(spec.id, done);
  };
  try {
    const fixed = design.fixed.filter((spec) => !isLiveRun(spec));
    for (;;) {
      if (options.interrupt.aborted || failure !== undefined) break;
      const searches = design.quotaPlans.flatMap((plan) => quotaSearches(plan, options.settings, finished));
      for (const spec of readySteps(fixed, searches, finished)) {
        if (running.size >= pool.threads) break;
        if (!running.has(spec.id)) start(spec);
      }
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
    await Promise.all(running.values());
  } finally {
    await pool.close();
  }
  if (failure !== undefined) throw failure;
}

export async function runStudy(options: StudyRunOptions): Promise<StudyRun> {
  const startedAt = new Date();
  const provenance = startProvenance('study', options.argv, startedAt);
  claimDirectory(options);
  const finished = readSteps(options.dir, (line) => options.log(`chatload study: ${line}`));
  const readBack = new Set(finished.keys());
  if (readBack.size > 0) options.log(`chatload study: ${readBack.size} finished step${readBack.size === 1 ? '' : 's'} read back from ${options.dir}`);
  const design = studyDesign(options.scenarios, options.settings);
  await runSimSteps(options, design, finished);
  for (const spec of design.fixed.filter(isLiveRun)) {
    if (options.interrupt.aborted || options.runLiveStep === undefined || finished.has(spec.id)) continue;
    const record = await options.runLiveStep(spec, options.files.chatbot);
    if (record === undefined) continue;
    writeStep(options.dir, record);
    finished.set(spec.id, record);
    options.log(`chatload study: ${finished.size} done · ${describe(record)}`);
  }
  const searches: SearchState[] = design.quotaPlans.flatMap((plan) => quotaSearches(plan, options.settings, finished));
  const complete = studyComplete(design.fixed, searches, options.settings, design.quotaPlans.length, finished);
  const interrupted = complete ? null : options.interrupt.aborted ? 'interrupted (Ctrl-C) before every step finished' : 'stopped before every step finished';
  const study = buildStudy({
    scenarios: options.scenarios,
    refs: options.refs,
    settings: options.settings,
    design,
    searches,
    finished,
    readBack,
    interrupted,
    provenance: { ...finishProvenance(provenance, startedAt), threads: options.threads },
  });
  return { study, complete };
}
