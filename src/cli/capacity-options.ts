import type { Argv } from 'yargs';
import { ChatloadError } from '../errors.js';
import { parseThreshold } from '../scenario/threshold-grammar.js';
import { parseDurationUs } from '../units.js';
import { MAX_LIVE_REPLICATES } from './replicate-options.js';

/**
 * SLOs when none are given and the scenario has no thresholds. The default mock answers in
 * milliseconds (no modelled service time), so what breaks first is the number's 80 msg/s
 * limit, answered with 130429 errors: the error share is the SLO that finds that knee. The
 * p99 guard is loose on purpose: on a small shared machine a 250 ms p99 trips on the load
 * generator's own lateness, which would measure the machine, not the platform.
 */
export const DEFAULT_SLOS: readonly string[] = ['errors<1%', 'p99<1s'];

/** The options `capacity` and `study` share (yargs stays in src/cli). */
export interface SearchArgs {
  slo?: string[];
  'step-duration': string;
  warmup: string;
  'max-steps': number;
  'start-users'?: number;
  growth: number;
  resolution: string;
  workers?: number;
  seed?: number;
  progress: boolean;
  force: boolean;
}

export function withSearchOptions<T>(yargs: Argv<T>): Argv<T & SearchArgs> {
  return yargs
    .option('slo', { type: 'string', array: true, describe: 'service-level objective in the threshold grammar, e.g. "send.p99<250ms" (repeatable; default: the scenario\'s thresholds, else "errors<1%" and "p99<1s")' })
    .option('step-duration', { type: 'string', default: '10s', describe: 'measured time per step, after the warm-up' })
    .option('warmup', { type: 'string', default: '2s', describe: 'time per step left out of the SLO measure' })
    .option('max-steps', { type: 'number', default: 10, describe: 'steps at most per search' })
    .option('start-users', { type: 'number', describe: 'population of the first step (default: a light load derived from the scenario profile)' })
    .option('growth', { type: 'number', default: 2, describe: 'factor between steps until one fails' })
    .option('resolution', { type: 'string', default: '10%', describe: 'stop bisecting when the pass/fail bracket is this narrow' })
    .option('workers', { type: 'number', describe: 'worker threads per step (default: cores − 1)' })
    .option('seed', { type: 'number', describe: 'random seed' })
    .option('progress', { type: 'boolean', default: false, describe: 'live progress of each step' })
    .option('force', { type: 'boolean', default: false, describe: `run steps (and runs) the feasibility check predicts this machine cannot drive, instead of ending the search there ("generator-bound"); and allow --replicates above ${MAX_LIVE_REPLICATES}` }) as Argv<T & SearchArgs>;
}

export interface ParsedSearchArgs {
  readonly slos: readonly string[] | undefined;
  readonly warmupUs: number;
  readonly stepDurationUs: number;
  readonly maxSteps: number;
  readonly startUsers: number | undefined;
  readonly growth: number;
  readonly resolution: number;
  readonly overrides: { workers?: number; seed?: number };
  readonly force: boolean;
}

const bad = (message: string) => new ChatloadError('CHATLOAD_E_OPTION_INVALID', message);

function duration(name: string, text: string, positive: boolean): number {
  const us = parseDurationUs(text);
  if (us === undefined || (positive && us <= 0)) throw bad(`--${name} expects a duration such as 10s or 500ms, got "${text}"`);
  return us;
}

/** Validates the shared options once, at the edge; every problem is a bad-input error. */
export function parseSearchArgs(args: SearchArgs): ParsedSearchArgs {
  for (const slo of args.slo ?? []) {
    const parsed = parseThreshold(slo);
    if (!parsed.ok) throw bad(`--slo: ${parsed.error}`);
  }
  const maxSteps = args['max-steps'];
  if (!(Number.isInteger(maxSteps) && maxSteps >= 1)) throw bad('--max-steps expects a whole number ≥ 1');
  const start = args['start-users'];
  if (start !== undefined && !(Number.isInteger(start) && start >= 1)) throw bad('--start-users expects a whole number ≥ 1');
  if (!(Number.isFinite(args.growth) && args.growth > 1)) throw bad('--growth expects a number above 1, e.g. 2');
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(args.resolution);
  const resolution = match ? Number(match[1]) / 100 : Number.NaN;
  if (!(resolution > 0)) throw bad(`--resolution expects a percentage above 0 such as 10%, got "${args.resolution}"`);
  for (const [name, value] of [['workers', args.workers], ['seed', args.seed]] as const) {
    if (value !== undefined && !Number.isFinite(value)) throw bad(`--${name} expects a number`);
  }
  return {
    slos: args.slo && args.slo.length > 0 ? args.slo : undefined,
    warmupUs: duration('warmup', args.warmup, false),
    stepDurationUs: duration('step-duration', args['step-duration'], true),
    maxSteps,
    startUsers: start,
    growth: args.growth,
    resolution,
    overrides: { ...(args.workers === undefined ? {} : { workers: args.workers }), ...(args.seed === undefined ? {} : { seed: args.seed }) },
    force: args.force,
  };
}
