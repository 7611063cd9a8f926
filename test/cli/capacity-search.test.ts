import { describe, expect, it } from 'vitest';
import {
  bracketOf,
  nextStep,
  niceUsers,
  type SearchDecision,
  type SearchSettings,
  type StepOutcome,
} from '../../src/cli/capacity-search.js';

/** A synthetic system: p99 is flat below the knee and jumps above the 250 ms SLO at exactly `knee` users. */
const p99MsAt =
  (knee: number) =>
  (users: number): number =>
    users < knee ? 40 : 900;
const SLO_MS = 250;

interface Search {
  readonly steps: StepOutcome[];
  readonly end: Extract<SearchDecision, { kind: 'done' }>;
}

function search(knee: number, settings: SearchSettings): Search {
  const p99 = p99MsAt(knee);
  const steps: StepOutcome[] = [];
  for (let guard = 0; guard < 1000; guard++) {
    const decision = nextStep(steps, settings);
    if (decision.kind === 'done') return { steps, end: decision };
    expect(
      steps.some((s) => s.users === decision.users),
      `step ${decision.users} measured twice`,
    ).toBe(false);
    steps.push({ users: decision.users, pass: p99(decision.users) < SLO_MS });
  }
  throw new Error('the search did not end');
}

const base: SearchSettings = { startUsers: 5_000, growth: 2, resolution: 0.1, maxSteps: 12 };

describe('capacity search on a synthetic knee', () => {
  it('finds 37,000 within the resolution below it, and the answer passed', () => {
    const { steps, end } = search(37_000, base);
    expect(end.end).toBe('converged');
    expect(end.knee).toBeLessThan(37_000);
    expect((37_000 - end.knee!) / 37_000).toBeLessThanOrEqual(0.1);
    expect(end.failedAt).toBeGreaterThanOrEqual(37_000);
    expect(steps.find((s) => s.users === end.knee)?.pass).toBe(true);
    // Up 5k, 10k, 20k, 40k (fail), then bisection: a handful of steps, not dozens.
    expect(steps.slice(0, 4).map((s) => s.users)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(steps.length).toBeLessThanOrEqual(8);
  });

  it.each([1_234, 9_999, 37_000, 50_001, 260_000, 1_000_000])(
    'knee %i: never claims a failing population, lands within the resolution',
    (knee) => {
      const { end, steps } = search(knee, { ...base, maxSteps: 30 });
      expect(end.end).toBe('converged');
      expect(end.knee!).toBeLessThan(knee);
      expect((knee - end.knee!) / end.knee!).toBeLessThanOrEqual(0.1);
      for (const s of steps) expect(s.pass).toBe(s.users < knee);
    },
  );

  it('steps down when the knee is below the start', () => {
    const { steps, end } = search(700, base);
    expect(steps[0]).toEqual({ users: 5_000, pass: false });
    expect(steps.slice(1, 4).map((s) => s.users)).toEqual([2_500, 1_250, 625]);
    expect(end.end).toBe('converged');
    expect(end.knee).toBeLessThan(700);
    expect((700 - end.knee!) / end.knee!).toBeLessThanOrEqual(0.1);
  });

  it('reports no knee within max-steps as a lower bound (every step passed)', () => {
    const { steps, end } = search(10_000_000, { ...base, maxSteps: 4 });
    expect(steps).toHaveLength(4);
    expect(end).toEqual({ kind: 'done', end: 'max-steps-no-fail', knee: 40_000, failedAt: undefined });
  });

  it('reports a failed search when nothing passes (even one user fails)', () => {
    const { end } = search(1, { ...base, maxSteps: 40 });
    expect(end.end).toBe('no-pass');
    expect(end.knee).toBeUndefined();
    const short = search(10, { ...base, maxSteps: 2 });
    expect(short.end).toMatchObject({ end: 'no-pass', knee: undefined, failedAt: 2_500 });
  });

  it('stops at max-steps while bisecting with the bracket it has', () => {
    const { steps, end } = search(37_000, { ...base, maxSteps: 5 });
    expect(steps).toHaveLength(5);
    expect(end.end).toBe('max-steps-bracketed');
    expect(end.knee).toBe(30_000);
    expect(end.failedAt).toBe(40_000);
  });
});

describe('planner details', () => {
  it('ignores a pass above a fail (noise): the answer stays below every fail', () => {
    expect(
      bracketOf([
        { users: 10, pass: true },
        { users: 20, pass: false },
        { users: 30, pass: true },
      ]),
    ).toEqual({ pass: 10, fail: 20 });
  });

  it('rounds step populations to 3 significant figures, strictly inside the bracket', () => {
    expect(niceUsers(37_481)).toBe(37_500);
    expect(niceUsers(1_234_567)).toBe(1_230_000);
    expect(niceUsers(7)).toBe(7);
    expect(niceUsers(100_450, 100_400, 100_500)).toBe(100_450);
  });

  it('ends when populations are adjacent integers', () => {
    const decision = nextStep(
      [
        { users: 5, pass: true },
        { users: 6, pass: false },
      ],
      { ...base, resolution: 0.0001 },
    );
    expect(decision).toMatchObject({ kind: 'done', end: 'converged', knee: 5, failedAt: 6 });
  });
});
