import os from 'node:os';
import path from 'node:path';
import { ChatloadError } from '../../errors.js';
import { loadScenarioFile } from '../../scenario/load-scenario.js';
import { runStudy } from '../../study/run-study.js';
import { readStudyPlan, scenarioFingerprint } from '../../study/step-store.js';
import { studyPairProblem } from '../../study/study-design.js';
import { writeStudyFiles } from '../../study/study-files.js';
import { renderStudyText } from '../../study/study-text.js';
import type { CliContext } from '../cli-context.js';
import { settle } from '../command-outcome.js';
import { liveStepRunner } from '../study-live.js';
import type { StudyArgs } from '../study-options.js';
import { studySettingsOf } from '../study-options-parse.js';
import { stamp } from './capacity.js';

/** A path as the user can type it here: relative below the working directory, else absolute. */
function shownPath(ctx: CliContext, file: string): string {
  const relative = path.relative(ctx.cwd, file);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** The study's scenario files, seed and settings: from the options, or from the directory `--resume` names. */
function studyInputs(args: StudyArgs, ctx: CliContext) {
  if (args.resume !== undefined) {
    const dir = path.resolve(ctx.cwd, args.resume);
    const plan = readStudyPlan(dir);
    if (plan === undefined)
      throw new ChatloadError(
        'CHATLOAD_E_USAGE',
        `--resume ${args.resume}: no study there (no study-plan.json)`,
      );
    // --live may be added to a study that ran without it: the sim steps are read back, the live point runs.
    const live = args.live ? studySettingsOf(args).live : plan.settings.live;
    return {
      dir,
      files: plan.scenarios.map((s) => s.file),
      seed: plan.seed,
      settings: { ...plan.settings, live },
    };
  }
  const files = (args.scenarios ?? []).map((file) => path.resolve(ctx.cwd, file));
  if (files.length !== 2)
    throw new ChatloadError('CHATLOAD_E_USAGE', `study takes two scenarios, got ${files.length}`);
  const dir = path.resolve(ctx.cwd, args.out ?? path.join('results', `study-${stamp(new Date())}`));
  return { dir, files, seed: args.seed ?? null, settings: studySettingsOf(args) };
}

/** What `chatload study` does once its options are parsed; loaded only when `study` runs (commands/study.ts). */
export async function studyHandler(args: StudyArgs, ctx: CliContext): Promise<void> {
  const inputs = studyInputs(args, ctx);
  if (
    args.threads !== undefined &&
    !(Number.isInteger(args.threads) && args.threads >= 1 && args.threads <= 64)
  ) {
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `--threads expects a whole number from 1 to 64, got ${args.threads}`,
    );
  }
  const loaded = inputs.files.map((file) =>
    loadScenarioFile(file, inputs.seed === null ? {} : { seed: inputs.seed }),
  );
  const problem = studyPairProblem(loaded);
  if (problem !== undefined) throw new ChatloadError('CHATLOAD_E_USAGE', problem);
  const csIndex = loaded.findIndex((s) => s.traffic.mix[0]?.shape === 'customer-service');
  const [cs, bot] = [loaded[csIndex]!, loaded[1 - csIndex]!];
  const [csFile, botFile] = [inputs.files[csIndex]!, inputs.files[1 - csIndex]!];
  const ref = (scenario: typeof cs, file: string) => ({
    name: scenario.name,
    file: path.relative(inputs.dir, file),
    seed: scenario.seed,
    fingerprint: scenarioFingerprint(scenario),
  });
  ctx.stderr(`chatload study: ${cs.name} vs ${bot.name} → ${shownPath(ctx, inputs.dir)}\n`);
  const { study } = await runStudy({
    dir: inputs.dir,
    files: { customerService: csFile, chatbot: botFile },
    scenarios: { customerService: cs, chatbot: bot },
    refs: { customerService: ref(cs, csFile), chatbot: ref(bot, botFile) },
    settings: inputs.settings,
    seed: inputs.seed,
    threads: args.threads ?? Math.max(1, os.availableParallelism()),
    interrupt: ctx.interrupt,
    log: (line) => ctx.stderr(`${line}\n`),
    argv: process.argv.slice(2),
    runLiveStep: liveStepRunner(inputs.dir, { force: args.force, showProgress: args.progress }, ctx),
  });
  const report = shownPath(ctx, path.join(inputs.dir, 'report.html'));
  await writeStudyFiles(inputs.dir, study);
  ctx.stdout(`${renderStudyText(study)}\nStudy: ${report}\n`);
  settle({
    ...(study.interrupted === null
      ? {}
      : {
          interrupted: `the study was ${study.interrupted}; what was measured is in ${report} (partial); rerun with --resume ${shownPath(ctx, inputs.dir)} to finish it`,
        }),
    thresholdSubject: ['live cross-check', 'live cross-checks'],
    thresholdFailures:
      study.live !== null && !study.live.agrees
        ? [
            `the live point disagrees with sim on ${study.live.rows
              .filter((r) => !r.agrees)
              .map((r) => r.metric)
              .join(', ')}`,
          ]
        : [],
  });
}
