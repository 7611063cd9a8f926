import { slotsVsScale } from '../platform/peak-demand.js';
import { parseLatencySlo } from '../platform/queueing-approx.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { replicateSeed } from '../traffic/replicate-seeds.js';
import { hoursToUs, usToSeconds } from '../units.js';
import type { ShapeName } from '../vocabulary.js';
import type { StudySettings } from './study-settings.js';

/**
 * A study is made of steps: one simulated (or live) run each, named by what it measures, so that
 * a finished step is stored once under its id and read back when the study resumes. A step is
 * data — scenario changes, population, seed, window — and the same step always gives the same
 * measure (the sim is deterministic), whatever order or thread it ran in.
 */
export type StepPart = 'day' | 'quota' | 'slots' | 'live';

interface StepBase {
  /** File-name safe, unique in the study: `day-customer-service-r03`. */
  readonly id: string;
  readonly shape: ShapeName;
  readonly users: number;
  readonly seed: number;
  /** Local hour at t = 0 and the measured window (the pre-roll before it is the scenario's). */
  readonly startHour: number;
  readonly durationUs: number;
  /** Mock settings changed from the scenario's. */
  readonly mock: StepMock;
}

export interface StepMock {
  readonly throughputPerSecond?: number;
  readonly enforceThroughput?: boolean;
  /** Zero service time: no capacity effects (the quota is measured apart from capacity). */
  readonly latencyOff?: boolean;
  readonly slots?: number;
}

export type StepSpec =
  | (StepBase & { readonly part: 'day'; readonly replicate: number })
  | (StepBase & { readonly part: 'quota'; readonly tier: number; readonly probe: number; readonly phase: string })
  | (StepBase & { readonly part: 'slots'; readonly slots: number; readonly role: 'at' | 'below' })
  | (StepBase & { readonly part: 'live'; readonly replicate: number; readonly engine: 'sim' | 'live' });

const pad = (n: number): string => String(n).padStart(2, '0');

/** The scenario a step plays: the shape's scenario with the step's mock changes (population, seed, hours set by the loader). */
export function withStepMock(scenario: ResolvedScenario, mock: StepMock): ResolvedScenario {
  const capacity = {
    ...scenario.mock.capacity,
    ...(mock.latencyOff ? { latency: 'off' as const } : {}),
    ...(mock.slots === undefined ? {} : { slots: mock.slots }),
  };
  return {
    ...scenario,
    mock: {
      ...scenario.mock,
      ...(mock.throughputPerSecond === undefined ? {} : { throughputPerSecond: mock.throughputPerSecond }),
      ...(mock.enforceThroughput === undefined ? {} : { enforceThroughput: mock.enforceThroughput }),
      capacity,
    },
  };
}

/** Whole uncompressed days from 00:00, `replicates` seeds per shape. */
export function daySteps(shape: ShapeName, baseSeed: number, settings: StudySettings): StepSpec[] {
  return Array.from({ length: settings.replicates }, (_, r) => ({
    id: `day-${shape}-r${pad(r)}`,
    part: 'day' as const,
    shape,
    users: settings.dayUsers[shape],
    seed: replicateSeed(baseSeed, r),
    startHour: 0,
    durationUs: hoursToUs(24),
    mock: {},
    replicate: r,
  }));
}

/** One probe of a quota-knee search: the tier, its capacity off, at the shape's peak hour. */
export function quotaStep(shape: ShapeName, baseSeed: number, peakHour: number, settings: StudySettings, run: { readonly tier: number; readonly users: number; readonly probe: number; readonly phase: string }): StepSpec {
  return {
    id: `quota-${shape}-t${run.tier}-p${pad(run.probe)}`,
    part: 'quota',
    shape,
    users: run.users,
    seed: replicateSeed(baseSeed, run.probe),
    startHour: peakHour,
    durationUs: settings.quota.windowUs,
    mock: { throughputPerSecond: run.tier, enforceThroughput: true, latencyOff: true },
    tier: run.tier,
    probe: run.probe,
    phase: run.phase,
  };
}

/**
 * The slots checks, quota off, at the shape's peak hour: at each simulated population, the
 * approximation's slot count c* and (below the largest population, where a run is cheap) c* − 1,
 * so the sim says whether c* is the fewest that meet the SLO.
 */
export function slotSteps(scenario: ResolvedScenario, baseSeed: number, settings: StudySettings): StepSpec[] {
  const slo = parseLatencySlo(settings.slots.slo);
  if (slo === undefined) throw new RangeError(`not a latency SLO: ${settings.slots.slo}`);
  const shape = scenario.traffic.mix[0]?.shape as ShapeName;
  const largest = Math.max(...settings.slots.simUsers);
  return slotsVsScale(scenario, settings.slots.simUsers, slo).flatMap((point) => {
    const demand = point.shapes[0];
    const needed = demand?.needed?.slots;
    if (demand === undefined || needed === undefined) return [];
    const checks: ('at' | 'below')[] = point.enrolledUsers < largest && needed > 1 ? ['at', 'below'] : ['at'];
    return checks.map((role) => {
      const slots = role === 'at' ? needed : needed - 1;
      return {
        id: `slots-${shape}-u${point.enrolledUsers}-c${slots}`,
        part: 'slots' as const,
        shape,
        users: point.enrolledUsers,
        seed: baseSeed,
        startHour: demand.peakHour,
        durationUs: settings.slots.windowUs,
        mock: { enforceThroughput: false, slots },
        slots,
        role,
      };
    });
  });
}

/** The live cross-check: `runs` live runs and `replicates` sim runs of the same point, seeds 0, 1, … */
export function liveSteps(shape: ShapeName, baseSeed: number, peakHour: number, settings: StudySettings): StepSpec[] {
  const live = settings.live;
  if (live === null) return [];
  const point = (engine: 'sim' | 'live', r: number): StepSpec => ({
    // The point's population and length are in the id: a resumed study with another live point runs it afresh.
    id: `live-${shape}-u${live.users}-d${Math.round(usToSeconds(live.durationUs))}s-${engine}-r${pad(r)}`,
    part: 'live',
    shape,
    users: live.users,
    seed: replicateSeed(baseSeed, r),
    startHour: peakHour,
    durationUs: live.durationUs,
    mock: {},
    replicate: r,
    engine,
  });
  return [
    ...Array.from({ length: settings.replicates }, (_, r) => point('sim', r)),
    ...Array.from({ length: live.runs }, (_, r) => point('live', r)),
  ];
}
