import { ChatloadError } from '../errors.js';

/**
 * How a command that ran something ended, once its results are written. A command never sets an
 * exit code: it settles its outcome, which throws the coded error whose code maps to the exit
 * code (exit-codes.ts), so every command ends through the CLI's one error path.
 *
 * When several apply, the most telling wins: interrupted (130: the rest is partial) over a
 * failed threshold or SLO (99) over a regression against a baseline (4) over a plan this machine
 * could not drive (2).
 */
export interface CommandOutcome {
  /** The user interrupted: what was written, in words. */
  readonly interrupted?: string;
  /** Each failed threshold or SLO, in words. */
  readonly thresholdFailures?: readonly string[];
  /** What failed, singular and plural, for the message: threshold(s) by default, capacity search(es). */
  readonly thresholdSubject?: readonly [one: string, many: string];
  /** Each regression against the baseline, in words, and the tolerance they are beyond ("10%"). */
  readonly regressions?: readonly string[];
  readonly regressionTolerance?: string;
  /** Nothing could be measured because the live plan was beyond this machine, in words. */
  readonly infeasible?: string;
}

const listed = (items: readonly string[], max = 3): string =>
  `${items.slice(0, max).join('; ')}${items.length > max ? `; … (${items.length - max} more)` : ''}`;

/** The error a finished command ends with, or undefined when it succeeded. */
export function outcomeError(outcome: CommandOutcome): ChatloadError | undefined {
  if (outcome.interrupted !== undefined) return new ChatloadError('CHATLOAD_E_INTERRUPTED', outcome.interrupted);
  const thresholds = outcome.thresholdFailures ?? [];
  if (thresholds.length > 0) {
    const [one, many] = outcome.thresholdSubject ?? ['threshold', 'thresholds'];
    const what = thresholds.length === 1 ? one : `${thresholds.length} ${many}`;
    return new ChatloadError('CHATLOAD_E_THRESHOLD_FAILED', `${what} failed: ${listed(thresholds)}`);
  }
  const regressions = outcome.regressions ?? [];
  if (regressions.length > 0) {
    const beyond = outcome.regressionTolerance === undefined ? '' : ` beyond ${outcome.regressionTolerance}`;
    return new ChatloadError('CHATLOAD_E_REGRESSION', `${regressions.length} regression${regressions.length === 1 ? '' : 's'}${beyond} against the baseline: ${listed(regressions)}`);
  }
  if (outcome.infeasible !== undefined) return new ChatloadError('CHATLOAD_E_PLAN_INFEASIBLE', outcome.infeasible);
  return undefined;
}

/** Ends a command: returns on success, else throws the outcome's coded error. */
export function settle(outcome: CommandOutcome): void {
  const error = outcomeError(outcome);
  if (error !== undefined) throw error;
}
