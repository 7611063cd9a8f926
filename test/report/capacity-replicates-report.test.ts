import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import {
  capacityReplicatesOf,
  kneeInterval,
  kneeIntervalSentence,
  leftOutBecause,
  renderCapacityReplicatesText,
} from '../../src/report/capacity-replicates-report.js';
import { CapacityReplicatesSchema } from '../../src/report/capacity-replicates-schema.js';
import type { CapacityJson } from '../../src/report/capacity-schema.js';
import { bracketed, capacitySearch, capacityStep } from './helpers/capacity-fixture.js';

/** t(0.975, 1) and t(0.975, 2), from tables. */
const T_975_DF1 = 12.706204736174705;
const T_975_DF2 = 4.302652729911275;

const header = { requested: 3, interrupted: false, baseSeed: 7, toolVersion: 'test', startedAt: new Date('2025-01-01T00:00:00Z') };
const runsOf = (searches: readonly CapacityJson[]) =>
  searches.map((search, r) => ({ seed: search.scenario.seed, dir: `r0${r}-s${search.scenario.seed}`, search }));

describe('which replicate knees the interval holds', () => {
  it('takes only knees a search bracketed (a pass below a fail); lower bounds and no-knee searches are left out with the reason', () => {
    expect(leftOutBecause({ end: 'converged', knee: 4000 })).toBeNull();
    expect(leftOutBecause({ end: 'max-steps-bracketed', knee: 4000 })).toBeNull();
    expect(leftOutBecause({ end: 'max-steps-no-fail', knee: 4000 })).toBe('no step failed: its knee is only a lower bound');
    expect(leftOutBecause({ end: 'no-pass', knee: null })).toBe('no step passed: no knee');
    expect(leftOutBecause({ end: 'generator-bound', knee: 4000 })).toBe('the next step was generator-bound: its knee is only a lower bound');
    expect(leftOutBecause({ end: 'generator-bound', knee: null })).toBe('generator-bound before any step passed: no knee');
    expect(leftOutBecause({ end: 'interrupted', knee: 4000 })).toBe('interrupted: the search did not finish');
  });
});

describe('the knee interval (95 % Student t)', () => {
  it('is mean ± t(0.975, n − 1)·s/√n, checked against the exact answer for knees 1,000, 1,200, 1,400', () => {
    const k = kneeInterval([1000, 1200, 1400]);
    const half = (T_975_DF2 * 200) / Math.sqrt(3);
    expect(k.n).toBe(3);
    expect(k.level).toBe(0.95);
    expect(k.mean).toBeCloseTo(1200, 9);
    expect(k.sd).toBeCloseTo(200, 9);
    expect(k.low).toBeCloseTo(1200 - half, 6);
    expect(k.high).toBeCloseTo(1200 + half, 6);
  });

  it('has no bounds for one knee (no spread to judge from) and no mean for none', () => {
    expect(kneeInterval([4000])).toEqual({ level: 0.95, n: 1, mean: 4000, sd: 0, low: null, high: null });
    expect(kneeInterval([])).toEqual({ level: 0.95, n: 0, mean: null, sd: 0, low: null, high: null });
  });
});

describe('capacity-replicates.json and its table', () => {
  const searches = [
    bracketed(7, 1000, 1100),
    capacitySearch(123, 'max-steps-no-fail', [capacityStep(1, 1000, true), capacityStep(2, 2000, true)]),
    bracketed(456, 1400, 1500),
  ];
  const json = capacityReplicatesOf(runsOf(searches), header);

  it('lists every replicate, in order, and takes the interval over the bracketed knees only', () => {
    expect(Value.Check(CapacityReplicatesSchema, json)).toBe(true);
    expect(json.replicates.map((r) => [r.replicate, r.seed, r.end, r.knee, r.failedAt, r.inInterval])).toEqual([
      [0, 7, 'converged', 1000, 1100, true],
      [1, 123, 'max-steps-no-fail', 2000, null, false],
      [2, 456, 'converged', 1400, 1500, true],
    ]);
    expect(json.knee).toMatchObject({ n: 2, mean: 1200 });
    expect(json.scenario).toEqual({ name: 'smoke', source: 'scenarios/smoke.yaml', baseSeed: 7 });
    expect(json.resolution).toBe(0.1);
  });

  it('prints each replicate, the interval with its n, what it leaves out, and that a bracket is resolution, not uncertainty', () => {
    const text = renderCapacityReplicatesText(json);
    // Knees 1,000 and 1,400: sd = 200·√2, so the half-width is t(0.975, 1)·200.
    const half = T_975_DF1 * 200;
    expect(text).toContain('chatload capacity: smoke — 3 of 3 replicates; seeds 7, 123, 456; SLOs errors<1%');
    expect(text).toMatch(/replicate\s+seed\s+end\s+knee \(largest pass\)\s+first fail\s+in interval\s+directory/);
    expect(text).toMatch(/\n\s+1\s+123\s+max-steps-no-fail\s+≥ 2,000\s+-\s+no\s+r01-s123\n/);
    expect(text).toMatch(/\n\s+2\s+456\s+converged\s+1,400\s+1,500\s+yes\s+r02-s456\n/);
    expect(text).toContain(
      `knee: mean 1,200 users, 95 % CI ${Math.round(1200 - half).toLocaleString('en-US')}–${Math.round(1200 + half).toLocaleString('en-US')} (Student t, n = 2 of 3 replicates, sd 283)`,
    );
    expect(text).toContain('left out of the interval: replicate 1 (seed 123): no step failed: its knee is only a lower bound');
    expect(text).toContain("each replicate's bracket (knee passed, first fail failed) is the search's 10 % resolution, not uncertainty");
  });

  it('says when one knee or none is all there is, and that knees which all agree show no spread finer than the search steps', () => {
    const one = capacityReplicatesOf(runsOf([bracketed(7, 1000, 1100), capacitySearch(9, 'no-pass', [capacityStep(1, 1000, false)])]), header);
    expect(kneeIntervalSentence(one)).toBe('knee: 1,000 users from one replicate (n = 1 of 2 replicates); an interval needs 2 or more knees');
    const none = capacityReplicatesOf(runsOf([capacitySearch(9, 'no-pass', [capacityStep(1, 1000, false)])]), { ...header, requested: 2, interrupted: true });
    expect(kneeIntervalSentence(none)).toBe('knee: no replicate bracketed a knee (n = 0 of 1 replicate): no mean, no interval');
    expect(renderCapacityReplicatesText(none)).toContain('smoke — 1 of 2 replicates (interrupted); seeds 9;');
    const same = capacityReplicatesOf(runsOf([bracketed(7, 58_400, 117_000), bracketed(8, 58_400, 117_000)]), header);
    expect(same.knee).toMatchObject({ n: 2, mean: 58_400, sd: 0, low: 58_400, high: 58_400 });
    expect(kneeIntervalSentence(same)).toBe(
      'knee: 58,400 users in every replicate that bracketed one (n = 2 of 2 replicates, sd 0): every search tries the same populations, so a spread across seeds smaller than its steps does not show; no interval finer than the bracket',
    );
    expect(Value.Check(CapacityReplicatesSchema, none)).toBe(true);
  });
});
