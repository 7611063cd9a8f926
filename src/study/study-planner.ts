import type { ShapeName } from '../vocabulary.js';
import { bracketMiddle, bracketOfProbes, type KneeBracket, type KneePhase, type KneeProbe, type KneeSearchSettings, nextKneeStep, probingDone, replicateRuns } from './knee-search.js';
import type { PointMeasure } from './point-measure.js';
import { judgeQuotaPoint, type QuotaCriteria, type QuotaPoint } from './quota-study.js';
import { perTier, type StudySettings } from './study-settings.js';
import { quotaStep, type StepSpec } from './study-steps.js';

/**
 * Which steps of a study can run now, from the steps that finished: a pure function of the
 * finished measures, so a resumed study asks for exactly the steps a straight one would. The
 * fixed steps (whole days, slot checks, the live point) are known at the start; each quota
 * search asks for its next probe when the previous one is in; a higher tier starts from the
 * lower tier's bracket, scaled by the tiers' ratio, once that tier's probing is over.
 */
export interface StepRecord {
  readonly spec: StepSpec;
  readonly measure: PointMeasure;
  /** Wall time of the step itself, seconds. */
  readonly wallSeconds: number;
  /** A live run's result directory, relative to the study directory. */
  readonly dir?: string;
}

export interface QuotaShapePlan {
  readonly shape: ShapeName;
  readonly baseSeed: number;
  readonly peakHour: number;
  /** Users whose mean peak-hour message rate equals the tier (from the profile). */
  readonly usersAtTierRate: (tier: number) => number;
}

export interface SearchState {
  readonly shape: ShapeName;
  readonly tier: number;
  readonly tierIndex: number;
  readonly priorUsers: number;
  readonly points: readonly QuotaPoint[];
  readonly bracket: KneeBracket;
  readonly complete: boolean;
  /** Steps this search wants now (not yet finished). */
  readonly wanted: readonly StepSpec[];
}

export const criteriaOf = (settings: StudySettings): QuotaCriteria => ({ maxErrorShare: settings.quota.maxErrorShare, inboundWaitP99Ms: settings.quota.inboundWaitP99Ms });

function searchSettings(settings: StudySettings, tierIndex: number, priorUsers: number): KneeSearchSettings {
  return {
    priorUsers,
    growth: settings.quota.growth,
    resolution: settings.quota.resolution,
    probes: perTier(settings.quota.probes, tierIndex),
    replicates: perTier(settings.quota.replicates, tierIndex),
  };
}

/** One shape's quota searches, tier by tier, from the finished records. */
export function quotaSearches(plan: QuotaShapePlan, settings: StudySettings, finished: ReadonlyMap<string, StepRecord>): SearchState[] {
  const states: SearchState[] = [];
  let previous: { readonly tier: number; readonly bracket: KneeBracket; readonly probingDone: boolean } | undefined;
  for (const [tierIndex, tier] of settings.quota.tiers.entries()) {
    if (previous !== undefined && !previous.probingDone) break;
    const scaled = previous === undefined ? undefined : bracketMiddle(previous.bracket);
    const priorUsers = plan.usersAtTierRate(tier) * (previous === undefined || scaled === undefined ? 1 : scaled / plan.usersAtTierRate(previous.tier));
    const knee = searchSettings(settings, tierIndex, priorUsers);
    const step = (users: number, probe: number, phase: KneePhase) => quotaStep(plan.shape, plan.baseSeed, plan.peakHour, settings, { tier, users, probe, phase });
    // Probes are sequential: replay the search, taking each probe's outcome from its record.
    const history: KneeProbe[] = [];
    const points: QuotaPoint[] = [];
    const wanted: StepSpec[] = [];
    for (;;) {
      const decision = nextKneeStep(history, knee);
      if (decision.kind === 'done' || decision.phase === 'replicate') break;
      const spec = step(decision.users, decision.probe, decision.phase);
      const record = finished.get(spec.id);
      if (record === undefined) {
        wanted.push(spec);
        break;
      }
      const point = judgeQuotaPoint(record.measure, plan.shape, { users: decision.users, probe: decision.probe, phase: decision.phase, seed: spec.seed }, criteriaOf(settings));
      history.push({ users: decision.users, pass: point.pass, phase: decision.phase });
      points.push(point);
    }
    const probed = probingDone(history, knee) && wanted.length === 0;
    if (probed) {
      for (const run of replicateRuns(history, knee)) {
        const spec = step(run.users, run.probe, 'replicate');
        const record = finished.get(spec.id);
        if (record === undefined) wanted.push(spec);
        else points.push(judgeQuotaPoint(record.measure, plan.shape, { users: run.users, probe: run.probe, phase: 'replicate', seed: spec.seed }, criteriaOf(settings)));
      }
    }
    const bracket = bracketOfProbes(history);
    states.push({ shape: plan.shape, tier, tierIndex, priorUsers, points, bracket, complete: probed && wanted.length === 0, wanted });
    previous = { tier, bracket, probingDone: probed };
  }
  return states;
}

/** Every step wanted now, quota probes first (they are the longest chain), then the fixed steps in their order. */
export function readySteps(fixed: readonly StepSpec[], searches: readonly SearchState[], finished: ReadonlyMap<string, StepRecord>): StepSpec[] {
  const quota = searches.flatMap((s) => s.wanted);
  return [...quota, ...fixed.filter((spec) => !finished.has(spec.id))];
}

/** Whether every step of the study is in: the fixed ones and every tier of every search. */
export function studyComplete(fixed: readonly StepSpec[], searches: readonly SearchState[], settings: StudySettings, shapes: number, finished: ReadonlyMap<string, StepRecord>): boolean {
  return fixed.every((spec) => finished.has(spec.id)) && searches.length === shapes * settings.quota.tiers.length && searches.every((s) => s.complete);
}
