import { describe, expect, it } from 'vitest';
import { bracketMiddle } from '../../src/study/knee-search.js';
import { type QuotaShapePlan, quotaSearches, readySteps, type StepRecord, studyComplete } from '../../src/study/study-planner.js';
import { DEFAULT_STUDY_SETTINGS, type StudySettings } from '../../src/study/study-settings.js';
import type { StepSpec } from '../../src/study/study-steps.js';
import { measureOf } from './study-fixtures.js';

const settings: StudySettings = { ...DEFAULT_STUDY_SETTINGS, quota: { ...DEFAULT_STUDY_SETTINGS.quota, tiers: [80, 1000], probes: [6, 3], replicates: [3, 0] } };
// 80 msg/s at 2,000,000 users over the peak hour: the yardstick is linear in the tier.
const plan: QuotaShapePlan = { shape: 'general-chatbot', baseSeed: 42, peakHour: 21, usersAtTierRate: (tier) => tier * 25_000 };

/** A fake sim: the quota fails (2 % of 130429) above `kneeAt(tier)` users. */
const record = (spec: StepSpec, kneeAt: (tier: number) => number): StepRecord => {
  const tier = spec.part === 'quota' ? spec.tier : 0;
  const fails = spec.users > kneeAt(tier);
  return { spec, measure: measureOf({ sent: { inbound: 5_000, send: 5_000 }, errorsByCode: fails ? { '130429': 200 } : {} }), wallSeconds: 1 };
};

/** Runs every wanted step, as the study does, until none is wanted; returns the finished steps in the order they ran. */
function playStudy(kneeAt: (tier: number) => number, threads: number): StepRecord[] {
  const finished = new Map<string, StepRecord>();
  const order: StepRecord[] = [];
  for (let round = 0; round < 100; round += 1) {
    const ready = readySteps([], quotaSearches(plan, settings, finished), finished).slice(0, threads);
    if (ready.length === 0) return order;
    for (const spec of ready) {
      const r = record(spec, kneeAt);
      finished.set(spec.id, r);
      order.push(r);
    }
  }
  throw new Error('the study did not end');
}

describe('the study planner (quota searches)', () => {
  const kneeAt = (tier: number) => (tier === 80 ? 1_950_000 : 22_000_000);

  it('searches the lowest tier first, then starts the next from its bracket scaled by the tiers’ ratio', () => {
    const finished = new Map(playStudy(kneeAt, 1).map((r) => [r.spec.id, r]));
    const [low, high] = quotaSearches(plan, settings, finished);
    expect(low).toMatchObject({ tier: 80, priorUsers: 2_000_000, complete: true });
    expect(low!.points.filter((p) => p.phase === 'replicate')).toHaveLength(3);
    expect(low!.bracket.pass!).toBeLessThanOrEqual(1_950_000);
    expect(low!.bracket.fail!).toBeGreaterThan(1_950_000);
    expect(high!.priorUsers).toBeCloseTo(bracketMiddle(low!.bracket)! * (1000 / 80), 6);
    expect(high).toMatchObject({ tier: 1000, complete: true });
    expect(high!.points).toHaveLength(3);
    expect(studyComplete([], [low!, high!], settings, 1, finished)).toBe(true);
  });

  it('gives every probe its own seed and id, the same however many threads ran them', () => {
    const one = playStudy(kneeAt, 1).map((r) => r.spec);
    const four = playStudy(kneeAt, 4).map((r) => r.spec);
    expect(new Set(four.map((s) => s.id))).toEqual(new Set(one.map((s) => s.id)));
    expect(new Set(one.map((s) => s.seed)).size).toBe(one.filter((s) => s.part === 'quota' && s.tier === 80).length);
  });

  it('resumes: from any prefix of the finished steps it asks for the step a straight study ran next', () => {
    const order = playStudy(kneeAt, 1);
    for (let k = 0; k < order.length; k += 1) {
      const finished = new Map(order.slice(0, k).map((r) => [r.spec.id, r]));
      const next = readySteps([], quotaSearches(plan, settings, finished), finished)[0];
      expect(next?.id).toBe(order[k]!.spec.id);
    }
  });

  it('runs replicates together once the probing is over (they need only the bracket)', () => {
    const order = playStudy(kneeAt, 1);
    const lastProbe = order.findIndex((r) => r.spec.part === 'quota' && r.spec.phase === 'replicate');
    const finished = new Map(order.slice(0, lastProbe).map((r) => [r.spec.id, r]));
    const wanted = readySteps([], quotaSearches(plan, settings, finished), finished);
    expect(wanted.filter((s) => s.part === 'quota' && s.phase === 'replicate')).toHaveLength(3);
  });
});
