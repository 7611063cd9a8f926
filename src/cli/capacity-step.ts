import { readFileSync } from 'node:fs';
import { ChatloadError } from '../errors.js';
import path from 'node:path';
import { readIntervalLog } from '../metrics/interval-log.js';
import type { CapacityStep } from '../report/capacity-schema.js';
import { RESULT_FILES } from '../report/result-files.js';
import { summarizeSeries } from '../report/series-summary.js';
import { evaluateThresholds } from '../report/thresholds.js';
import type { SeriesSummary, ThresholdVerdict } from '../report/summary-schema.js';
import { loadScenarioFile } from '../scenario/load-scenario.js';
import type { ResolvedScenario, ScenarioOverrides } from '../scenario/resolved-scenario.js';
import { usToSeconds } from '../units.js';
import type { CliContext } from './cli-context.js';
import { steadyState } from './capacity-steady-state.js';
import { runScenarioToDir } from './scenario-run.js';

export interface StepSettings {
  readonly scenarioFile: string;
  /** Overrides every step shares (workers, seed, target, …); users and duration are set per step. */
  readonly overrides: ScenarioOverrides;
  readonly slos: readonly string[];
  readonly warmupUs: number;
  readonly stepDurationUs: number;
  /** The capacity directory; each step writes a result directory inside it. */
  readonly outDir: string;
  readonly showProgress: boolean;
}

export const stepDirName = (index: number, users: number): string =>
  `step-${String(index).padStart(2, '0')}-users-${users}`;

/** The scenario a step runs: the file with the shared overrides, the step's population and warm-up + step duration. */
export function stepScenario(users: number, settings: StepSettings): ResolvedScenario {
  const durationSeconds = usToSeconds(settings.warmupUs + settings.stepDurationUs);
  return loadScenarioFile(settings.scenarioFile, {
    ...settings.overrides,
    users,
    duration: `${durationSeconds}s`,
    flags: { ...settings.overrides.flags, users: 'the capacity step population', duration: '--warmup + --step-duration' },
  });
}

/**
 * One step: a real live run of the scenario with `users` for warm-up + step duration, written
 * as a normal result directory, then judged by the SLOs over the time after the warm-up.
 * The SLO verdicts go into the step's summary.json as its thresholds.
 */
export async function measureStep(index: number, users: number, phase: CapacityStep['phase'], settings: StepSettings, ctx: CliContext): Promise<CapacityStep> {
  const scenario = stepScenario(users, settings);
  const dirName = stepDirName(index, users);
  const dir = path.join(settings.outDir, dirName);
  let judged:
    | { steady: ReturnType<typeof steadyState>; all: SeriesSummary | undefined; verdicts: ThresholdVerdict[] }
    | undefined;
  const { result } = await runScenarioToDir(
    scenario,
    dir,
    {
      showProgress: settings.showProgress,
      runId: dirName,
      // SLOs are judged over the time after the warm-up, from the interval log written so far.
      judge: (run) => {
        const logged = readIntervalLog(readFileSync(path.join(dir, RESULT_FILES.hlog), 'utf8'));
        const steady = steadyState(logged, run, settings.warmupUs);
        const series = summarizeSeries(steady.series, steady.measuredUs);
        const all = series.find((s) => s.key === '*/*');
        const verdicts = evaluateThresholds(series, settings.slos).map((v) =>
          // A step too light to complete anything has nothing to judge a percentile by; at that
          // load the platform is plainly not the limit, so the search should keep growing.
          v.actual === null && (all?.count ?? 0) === 0
            ? {
                ...v,
                pass: true,
                detail: `${v.metric}: no operation completed after the warm-up, nothing to judge (counted as met)`,
              }
            : v,
        );
        judged = { steady, all, verdicts };
        return verdicts;
      },
    },
    ctx,
  );
  if (judged === undefined)
    throw new ChatloadError('CHATLOAD_E_INTERNAL', `capacity step ${index} ended without a verdict`);
  const { steady, all, verdicts } = judged;
  const measuredSeconds = usToSeconds(steady.measuredUs);
  const perSecond = (n: number) => (measuredSeconds > 0 ? n / measuredSeconds : 0);
  const errorsByCode: Record<string, number> = {};
  for (const s of result.series.values())
    for (const [code, n] of Object.entries(s.counters.errorsByCode))
      errorsByCode[code] = (errorsByCode[code] ?? 0) + n;
  return {
    index,
    users,
    phase,
    dir: dirName,
    pass: !result.interrupted && verdicts.every((v) => v.pass),
    interrupted: result.interrupted,
    measuredSeconds,
    offeredOpsPerSecond: perSecond(all?.sent ?? 0),
    completedOpsPerSecond: perSecond(all?.count ?? 0),
    goodOpsPerSecond: perSecond((all?.count ?? 0) - (all?.errors ?? 0)),
    errorShare: all?.errorShare ?? 0,
    errorsByCode,
    latencyP99Us: all?.latencyUs.p99 ?? 0,
    slos: verdicts.map((v) => ({
      source: v.source,
      actual: v.actual,
      unit: v.unit,
      pass: v.pass,
      detail: v.detail,
    })),
  };
}
