import { describe, expect, it } from 'vitest';
import {
  bracketOfProbes,
  type KneeProbe,
  type KneeSearchSettings,
  nextKneeStep,
  probingDone,
  replicateRuns,
  roundUsers,
} from '../../src/study/knee-search.js';

const settings = (overrides: Partial<KneeSearchSettings> = {}): KneeSearchSettings => ({
  priorUsers: 1_000_000,
  growth: 1.1,
  resolution: 0.03,
  probes: 12,
  replicates: 0,
  ...overrides,
});

/** Plays a search to its end against `pass(users)`; returns every probe in order. */
function play(s: KneeSearchSettings, pass: (users: number, probe: number) => boolean): KneeProbe[] {
  const history: KneeProbe[] = [];
  for (let guard = 0; guard < 100; guard += 1) {
    const decision = nextKneeStep(history, s);
    if (decision.kind === 'done') return history;
    expect(decision.probe).toBe(history.length);
    history.push({ users: decision.users, pass: pass(decision.users, decision.probe), phase: decision.phase });
  }
  throw new Error('the search did not end');
}

describe('quota-knee search planner', () => {
  it('brackets a sharp knee above the prior within the resolution: grows by 10 %, then bisects', () => {
    const history = play(settings(), (users) => users < 1_234_567);
    expect(history.slice(0, 3).map((p) => p.phase)).toEqual(['start', 'grow', 'grow']);
    expect(history[1]!.users).toBe(1_100_000);
    const { pass, fail } = bracketOfProbes(history);
    expect(pass).toBeLessThan(1_234_567);
    expect(fail).toBeGreaterThanOrEqual(1_234_567);
    expect(fail! / pass! - 1).toBeLessThanOrEqual(0.03);
    expect(history.at(-1)!.phase).toBe('bisect');
  });

  it('shrinks from a failing prior and stops when its probes are spent, bracket or not', () => {
    const history = play(settings({ probes: 3 }), (users) => users < 500_000);
    expect(history.map((p) => [p.users, p.phase, p.pass])).toEqual([
      [1_000_000, 'start', false],
      [909_000, 'shrink', false],
      [826_000, 'shrink', false],
    ]);
    expect(bracketOfProbes(history)).toEqual({ pass: undefined, fail: 826_000 });
    expect(replicateRuns(history, settings({ probes: 3, replicates: 3 }))).toEqual([]);
  });

  it('puts replicates at the final bracket’s low end, middle and high end in turn, with their own probe indices', () => {
    const s = settings({ probes: 4, replicates: 4 });
    const history = play(s, (users, probe) => probe >= 4 || users < 1_150_000);
    const probes = history.filter((p) => p.phase !== 'replicate');
    const { pass, fail } = bracketOfProbes(probes);
    expect(probes).toHaveLength(4);
    expect(history.filter((p) => p.phase === 'replicate').map((p) => p.users)).toEqual([pass, roundUsers(Math.sqrt(pass! * fail!)), fail, pass]);
    // Replicates never move the bracket, even when they contradict it.
    expect(bracketOfProbes(history)).toEqual({ pass, fail });
  });

  it('reads passes above the smallest fail as noise: the bracket is the largest pass below it', () => {
    const history: KneeProbe[] = [
      { users: 100, pass: true, phase: 'start' },
      { users: 200, pass: false, phase: 'grow' },
      { users: 150, pass: true, phase: 'bisect' },
      { users: 300, pass: true, phase: 'bisect' },
    ];
    expect(bracketOfProbes(history)).toEqual({ pass: 150, fail: 200 });
  });

  it('is a pure function of the history: a resumed search asks for the same next probe', () => {
    const s = settings();
    const full = play(s, (users) => users < 2_000_000);
    for (let k = 0; k < full.length; k += 1) {
      const next = nextKneeStep(full.slice(0, k), s);
      expect(next).toMatchObject({ kind: 'run', users: full[k]!.users, probe: k });
    }
    expect(probingDone(full, s)).toBe(true);
  });

  it('rounds populations to 3 significant figures, kept strictly inside the bracket', () => {
    expect(roundUsers(37_481)).toBe(37_500);
    expect(roundUsers(1_234_567)).toBe(1_230_000);
    expect(roundUsers(7.4)).toBe(7);
    expect(roundUsers(1_005, 1_000, 1_010)).toBe(1_005);
    expect(roundUsers(1.2, 1, 2)).toBe(2);
  });
});
