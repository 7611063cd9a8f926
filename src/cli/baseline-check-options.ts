import type { Options } from 'yargs';
import { ChatloadError } from '../errors.js';
import { DEFAULT_MIN_SAMPLES } from '../report/regression-check.js';

/** The tolerance and sample floor of a baseline check (yargs), shared by `compare` and `merge`. */
export const BASELINE_CHECK_YARGS = {
  'max-regression': {
    type: 'string',
    default: '10%',
    describe: 'tolerance for p99 latency, error share and rate',
  },
  'min-samples': {
    type: 'number',
    default: DEFAULT_MIN_SAMPLES,
    describe: 'completions a series needs in both runs to be checked',
  },
} as const satisfies Record<string, Options>;

export interface BaselineCheckArgs {
  baseline?: string;
  'max-regression': string;
  'min-samples': number;
  junit?: string;
}

/** "10%" → 0.1; a bare number is percent too ("10" → 0.1). */
export function parseTolerance(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  if (!match)
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `--max-regression expects a percentage such as 10%, got "${text}"`,
    );
  return Number(match[1]) / 100;
}

/** The checked tolerance and sample floor; --junit without --baseline is refused (its testcases are the baseline checks). */
export function baselineCheckOf(args: BaselineCheckArgs): {
  readonly tolerance: number;
  readonly minSamples: number;
} {
  const tolerance = parseTolerance(args['max-regression']);
  const minSamples = args['min-samples'];
  if (!(Number.isInteger(minSamples) && minSamples >= 0))
    throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', '--min-samples expects a whole number ≥ 0');
  if (args.junit !== undefined && args.baseline === undefined)
    throw new ChatloadError(
      'CHATLOAD_E_USAGE',
      '--junit needs --baseline: the testcases are the baseline checks',
    );
  return { tolerance, minSamples };
}
