/**
 * The capacity search as a pure planner: given the steps measured so far, say which population
 * to measure next, or that the search is done and what it found. No clock, no I/O, so it is
 * tested on synthetic systems with a known knee (test/cli/capacity-search.test.ts).
 *
 * Shape of the search: step up geometrically from the start until a step fails, then bisect
 * between the largest passing and the smallest failing population until they are within the
 * resolution. When the very first step fails it steps *down* geometrically until one passes.
 * The answer is always a population that was measured and passed: the search never claims a
 * failing (or unmeasured) population.
 */

export interface SearchSettings {
  /** Population of the first step (> 0). */
  readonly startUsers: number;
  /** Factor between steps before the first fail (and below the start after a first fail), > 1. */
  readonly growth: number;
  /** Stop bisecting when (smallest fail − largest pass) ÷ largest pass ≤ this (e.g. 0.1). */
  readonly resolution: number;
  /** Measured steps at most, the first included (≥ 1). */
  readonly maxSteps: number;
}

/** One measured step as the planner sees it. */
export interface StepOutcome {
  readonly users: number;
  readonly pass: boolean;
}

export type SearchEnd =
  /** Bracketed within the resolution: `knee` passed, `failedAt` failed. */
  | 'converged'
  /** Stopped at max-steps while bisecting: the knee lies in [knee, failedAt). */
  | 'max-steps-bracketed'
  /** Stopped at max-steps with every step passing: the knee is at least `knee`. */
  | 'max-steps-no-fail'
  /** No step passed (the first failed and so did every step down). */
  | 'no-pass';

export type SearchDecision =
  | { readonly kind: 'run'; readonly users: number; readonly phase: 'start' | 'grow' | 'shrink' | 'bisect' }
  | {
      readonly kind: 'done';
      readonly end: SearchEnd;
      /** Largest passing population below every failing one; undefined when nothing passed. */
      readonly knee: number | undefined;
      /** Smallest failing population, when a step failed. */
      readonly failedAt: number | undefined;
    };

/** The bracket the history gives: the smallest fail, and the largest pass below it (passes above a fail are noise and ignored). */
export function bracketOf(history: readonly StepOutcome[]): {
  pass: number | undefined;
  fail: number | undefined;
} {
  const fails = history.filter((s) => !s.pass).map((s) => s.users);
  const fail = fails.length > 0 ? Math.min(...fails) : undefined;
  const passes = history.filter((s) => s.pass && (fail === undefined || s.users < fail)).map((s) => s.users);
  return { pass: passes.length > 0 ? Math.max(...passes) : undefined, fail };
}

/**
 * Rounds to 3 significant figures so step populations read well (37,500 not 37,481), while
 * keeping the step strictly inside (lo, hi) when that is possible at all.
 */
export function niceUsers(users: number, lo = 0, hi = Number.POSITIVE_INFINITY): number {
  const digits = Math.max(0, Math.floor(Math.log10(Math.max(1, users))) - 2);
  const unit = 10 ** digits;
  const rounded = Math.max(1, Math.round(users / unit) * unit);
  if (rounded > lo && rounded < hi) return rounded;
  const whole = Math.round(users);
  return whole > lo && whole < hi ? whole : Math.max(1, whole);
}

export function validateSearchSettings(settings: SearchSettings): string[] {
  const problems: string[] = [];
  if (!(Number.isFinite(settings.startUsers) && settings.startUsers >= 1))
    problems.push('the start population must be at least 1 user');
  if (!(Number.isFinite(settings.growth) && settings.growth > 1))
    problems.push('growth must be a number above 1');
  if (!(Number.isFinite(settings.resolution) && settings.resolution > 0))
    problems.push('resolution must be above 0');
  if (!(Number.isInteger(settings.maxSteps) && settings.maxSteps >= 1))
    problems.push('max-steps must be a whole number ≥ 1');
  return problems;
}

/** The next step of the search, or its end. Pure: the same history always gives the same answer. */
export function nextStep(history: readonly StepOutcome[], settings: SearchSettings): SearchDecision {
  if (history.length === 0)
    return { kind: 'run', users: Math.max(1, Math.round(settings.startUsers)), phase: 'start' };
  const { pass, fail } = bracketOf(history);
  const outOfSteps = history.length >= settings.maxSteps;
  const done = (end: SearchEnd): SearchDecision => ({ kind: 'done', end, knee: pass, failedAt: fail });

  if (fail === undefined) {
    if (outOfSteps) return done('max-steps-no-fail');
    return { kind: 'run', users: niceUsers(pass! * settings.growth, pass!), phase: 'grow' };
  }
  if (pass === undefined) {
    // Nothing passed yet: the knee is below every step so far. One user is the floor.
    if (outOfSteps || fail <= 1) return done('no-pass');
    return { kind: 'run', users: niceUsers(fail / settings.growth, 0, fail), phase: 'shrink' };
  }
  // Integer populations: once they are adjacent there is nothing left to bisect.
  if ((fail - pass) / pass <= settings.resolution || fail - pass <= 1) return done('converged');
  if (outOfSteps) return done('max-steps-bracketed');
  return { kind: 'run', users: niceUsers((pass + fail) / 2, pass, fail), phase: 'bisect' };
}
