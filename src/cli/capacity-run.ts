import path from 'node:path';
import { CAPACITY_SCHEMA_VERSION, type CapacityEnd, type CapacityJson, type CapacityStep, type GeneratorBound, perPlatformUnit } from '../report/capacity-schema.js';
import { renderCapacityText, writeCapacityFiles } from '../report/capacity-report.js';
import { loadScenarioFile } from '../scenario/load-scenario.js';
import type { ResolvedScenario, ScenarioOverrides } from '../scenario/resolved-scenario.js';
import { profileScenario } from '../traffic/profile.js';
import { US_PER_DAY, usToSeconds } from '../units.js';
import type { CliContext } from './cli-context.js';
import { DEFAULT_SLOS } from './capacity-options.js';
import { bracketOf, nextStep, niceUsers, type SearchSettings } from './capacity-search.js';
import { measureStep, type StepSettings, stepScenario } from './capacity-step.js';
import { judgeLivePlan } from './live-plan-check.js';
import { TOOL_VERSION } from '../pipeline/tool-version.js';

export interface CapacityOptions {
  readonly scenarioFile: string;
  readonly overrides: ScenarioOverrides;
  /** Absent: the scenario's thresholds, or DEFAULT_SLOS when it has none. */
  readonly slos: readonly string[] | undefined;
  readonly warmupUs: number;
  readonly stepDurationUs: number;
  /** Absent: derived from the scenario (see lightStartUsers). */
  readonly startUsers: number | undefined;
  readonly growth: number;
  readonly resolution: number;
  readonly maxSteps: number;
  readonly outDir: string;
  readonly showProgress: boolean;
  /** Run steps the live-feasibility check refuses, instead of ending the search 'generator-bound'. */
  readonly force: boolean;
}

export const WARMUP_METHOD =
  'Warm-up: the scenario’s pre-roll starts conversations before t=0, so traffic is in steady state from the start; ' +
  'the first warm-up seconds are then left out of every SLO measure by merging the interval log (histograms.hlog) ' +
  'and the per-interval counters over the intervals after the warm-up only. Error counts by code are whole-step.';

/** Share of the number's throughput the first step should offer at the shape's peak, so it starts well below any knee. */
const LIGHT_SHARE_OF_THROUGHPUT = 0.25;

/**
 * A light first step: the population whose analytic peak message rate (compressed day
 * included) is a quarter of the number's throughput, or the scenario's own users when that
 * is smaller. The analytic peak is the shape's busiest hour, an upper bound of what a step
 * offers, so the first step is light whatever the start hour.
 */
export function lightStartUsers(scenario: ResolvedScenario): number {
  const profile = profileScenario(scenario);
  const compression = US_PER_DAY / scenario.clock.dayInUs;
  const messagesPerSecond = profile.combinedPeak.perSecond.messagesTotal * compression;
  if (!(messagesPerSecond > 0)) return scenario.users;
  const perUser = messagesPerSecond / scenario.users;
  const light = (LIGHT_SHARE_OF_THROUGHPUT * scenario.mock.throughputPerSecond) / perUser;
  return niceUsers(Math.max(1, Math.min(scenario.users, light)));
}

interface SearchRun {
  readonly steps: CapacityStep[];
  readonly end: CapacityEnd;
  readonly generatorBound: GeneratorBound | undefined;
}

/**
 * The step loop: asks the pure planner for the next population and measures it live, until the
 * planner is done, the user interrupts, or the next step is beyond this machine's live engine
 * (it would measure the generator, not the platform: the search ends 'generator-bound').
 */
async function searchSteps(settings: SearchSettings, stepSettings: StepSettings, force: boolean, ctx: CliContext): Promise<SearchRun> {
  const steps: CapacityStep[] = [];
  for (;;) {
    const decision = nextStep(
      steps.filter((s) => !s.interrupted),
      settings,
    );
    if (decision.kind === 'done') return { steps, end: decision.end, generatorBound: undefined };
    if (ctx.interrupt.aborted) break;
    const verdict = judgeLivePlan(stepScenario(decision.users, stepSettings));
    if (!verdict.feasible && !force) {
      ctx.stderr(`chatload capacity: step ${steps.length + 1} (${decision.users.toLocaleString('en-US')} users) is generator-bound: ${verdict.problems.join('; ')}\n`);
      return { steps, end: 'generator-bound', generatorBound: { users: decision.users, phase: decision.phase, reasons: verdict.problems } };
    }
    ctx.stderr(`chatload capacity: step ${steps.length + 1}/${settings.maxSteps} (${decision.phase}): ${decision.users.toLocaleString('en-US')} users\n`);
    const step = await measureStep(steps.length + 1, decision.users, decision.phase, stepSettings, ctx);
    steps.push(step);
    const verdictText = step.interrupted ? 'interrupted' : step.pass ? 'pass' : `fail (${step.slos.filter((s) => !s.pass).map((s) => s.detail).join('; ')})`;
    ctx.stderr(`chatload capacity: step ${step.index}: ${verdictText}\n`);
    if (step.interrupted) break;
  }
  return { steps, end: 'interrupted', generatorBound: undefined };
}

/**
 * Runs the search (searchSteps), then writes capacity.json, capacity.csv and report.html with
 * what was measured in every case, prints the step table, and returns the result (the command
 * turns it into an exit code).
 */
export async function runCapacitySearch(options: CapacityOptions, ctx: CliContext): Promise<CapacityJson> {
  const startedAt = new Date();
  const scenario = loadScenarioFile(options.scenarioFile, options.overrides);
  const settings: SearchSettings = {
    startUsers: options.startUsers ?? lightStartUsers(scenario),
    growth: options.growth,
    resolution: options.resolution,
    maxSteps: options.maxSteps,
  };
  const slos = options.slos ?? (scenario.thresholds.length > 0 ? scenario.thresholds : DEFAULT_SLOS);
  const { steps, end, generatorBound } = await searchSteps(settings, { ...options, slos }, options.force, ctx);
  const measured = steps.filter((s) => !s.interrupted);
  const bracket = bracketOf(measured);
  const platform = { slots: scenario.mock.capacity.slots, queueLimit: scenario.mock.capacity.queueLimit, throughputPerSecond: scenario.mock.throughputPerSecond };
  const knee = bracket.pass ?? null;
  const json: CapacityJson = {
    schemaVersion: CAPACITY_SCHEMA_VERSION,
    kind: 'capacity',
    toolVersion: TOOL_VERSION,
    startedAt: startedAt.toISOString(),
    scenario: { name: scenario.name, source: scenario.source, shapes: scenario.traffic.mix.map((m) => m.shape), seed: scenario.seed },
    slos: [...slos],
    settings: { ...settings, warmupSeconds: usToSeconds(options.warmupUs), stepDurationSeconds: usToSeconds(options.stepDurationUs) },
    warmupMethod: WARMUP_METHOD,
    platform,
    steps,
    end,
    ...(generatorBound === undefined ? {} : { generatorBound }),
    knee,
    failedAt: bracket.fail ?? null,
    ...perPlatformUnit(knee, platform),
  };
  await writeCapacityFiles(options.outDir, json);
  ctx.stdout(renderCapacityText(json, { color: ctx.isTTY && !ctx.env.NO_COLOR }));
  ctx.stdout(`\nCapacity search: ${path.relative(ctx.cwd, options.outDir) || options.outDir}\n`);
  return json;
}
