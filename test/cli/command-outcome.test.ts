import { describe, expect, it } from 'vitest';
import { outcomeError, settle } from '../../src/cli/command-outcome.js';
import { EXIT, EXIT_CODE_OF } from '../../src/cli/exit-codes.js';
import { ERROR_CODES } from '../../src/errors.js';

const exitOf = (outcome: Parameters<typeof outcomeError>[0]): number => {
  const error = outcomeError(outcome);
  return error === undefined ? EXIT.OK : EXIT_CODE_OF[error.code];
};

describe('one path from a finished command to its exit code', () => {
  it('succeeds (0) when nothing went wrong', () => {
    expect(exitOf({})).toBe(0);
    expect(exitOf({ thresholdFailures: [], regressions: [] })).toBe(0);
    expect(() => settle({})).not.toThrow();
  });

  it('maps each outcome to its code: interrupted 130, threshold 99, regression 4, infeasible plan 2', () => {
    expect(exitOf({ interrupted: 'stopped' })).toBe(130);
    expect(exitOf({ thresholdFailures: ['send.p99 was 312ms'] })).toBe(99);
    expect(exitOf({ regressions: ['send p99 +20%'] })).toBe(4);
    expect(exitOf({ infeasible: 'too big' })).toBe(2);
  });

  it('lets the most telling outcome win: interrupted over threshold over regression over infeasible', () => {
    expect(exitOf({ interrupted: 'stopped', thresholdFailures: ['x'], regressions: ['y'], infeasible: 'z' })).toBe(130);
    expect(exitOf({ thresholdFailures: ['x'], regressions: ['y'], infeasible: 'z' })).toBe(99);
    expect(exitOf({ regressions: ['y'], infeasible: 'z' })).toBe(4);
  });

  it('says what failed, counted, with the first few reasons', () => {
    expect(outcomeError({ thresholdFailures: ['a'] })?.message).toBe('threshold failed: a');
    expect(outcomeError({ thresholdFailures: ['a', 'b', 'c', 'd', 'e'] })?.message).toBe('5 thresholds failed: a; b; c; … (2 more)');
    expect(outcomeError({ thresholdFailures: ['a', 'b'], thresholdSubject: ['capacity search', 'capacity searches'] })?.message).toBe('2 capacity searches failed: a; b');
    expect(outcomeError({ regressions: ['r'], regressionTolerance: '10%' })?.message).toBe('1 regression beyond 10% against the baseline: r');
  });

  it('has an exit code for every coded error, 5 for a shard that missed its start barrier', () => {
    for (const code of Object.keys(ERROR_CODES) as (keyof typeof ERROR_CODES)[]) expect(EXIT_CODE_OF[code]).toBeTypeOf('number');
    expect(EXIT_CODE_OF.CHATLOAD_E_START_BARRIER_MISSED).toBe(5);
    expect(EXIT_CODE_OF.CHATLOAD_E_PLAN_INFEASIBLE).toBe(2);
  });
});
