/**
 * The one catalogue of coded errors (as undici's `lib/core/errors.js`). Users and the CLI
 * branch on `code`, never on message text; the CLI maps each code to an exit code.
 */

export const ERROR_CODES = {
  CHATLOAD_E_USAGE: 'bad command-line usage',
  CHATLOAD_E_SCENARIO_INVALID: 'scenario file failed validation',
  CHATLOAD_E_SCENARIO_NOT_FOUND: 'scenario file could not be read',
  CHATLOAD_E_OPTION_INVALID: 'an option value is invalid',
  CHATLOAD_E_PLAN_INFEASIBLE: "the live plan is beyond what this machine's load generator can drive",
  CHATLOAD_E_LIVE_REPLICATES: 'more live replicates than a live command runs without --force',
  CHATLOAD_E_TARGET_UNREACHABLE: 'the target could not be reached',
  CHATLOAD_E_WEBHOOK_HANDSHAKE: "the bot's webhook did not answer the subscription handshake",
  CHATLOAD_E_RESULT_DIR_INVALID: 'a result directory is missing files or is malformed',
  CHATLOAD_E_MERGE_REFUSED: 'the result directories are not the shards of one run',
  CHATLOAD_E_REGRESSION: 'a regression beyond tolerance was found against the baseline',
  CHATLOAD_E_THRESHOLD_FAILED: 'a threshold failed',
  CHATLOAD_E_INTERRUPTED: 'the run was interrupted',
  CHATLOAD_E_START_BARRIER_MISSED: 'a shard started after its start barrier',
  CHATLOAD_E_WORKER_FAILED: 'a load worker failed',
  CHATLOAD_E_INTERNAL: 'internal error',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem found while validating input, with where it is. */
export interface InputIssue {
  /** File the problem is in, when it came from a file. */
  readonly file?: string;
  /** 1-based line in that file, when known. */
  readonly line?: number;
  /** Dotted path of the field, e.g. `traffic.mix.0.weight`. */
  readonly field: string;
  /** What was expected, in words. */
  readonly message: string;
}

export class ChatloadError extends Error {
  readonly code: ErrorCode;
  readonly issues: readonly InputIssue[];
  constructor(
    code: ErrorCode,
    message: string,
    options: { issues?: readonly InputIssue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ChatloadError';
    this.code = code;
    this.issues = options.issues ?? [];
  }
}

export function isChatloadError(error: unknown): error is ChatloadError {
  return error instanceof ChatloadError;
}

export function formatIssue(issue: InputIssue): string {
  const where = [issue.file, issue.line === undefined ? undefined : `line ${issue.line}`]
    .filter(Boolean)
    .join(':');
  return `${where ? `${where}: ` : ''}${issue.field ? `${issue.field}: ` : ''}${issue.message}`;
}
