import type { Argv } from 'yargs';
import { ChatloadError } from '../errors.js';
import { DEFAULT_LIVE, DEFAULT_STUDY_SETTINGS, type StudySettings } from '../study/study-settings.js';
import { studySlo } from '../study/slot-study.js';
import { parseDurationUs } from '../units.js';
import { MAX_LIVE_REPLICATES, refuseLiveReplicates } from './replicate-options.js';

/** `study`'s options (yargs stays in src/cli); parsed once into StudySettings. */
export interface StudyArgs {
  scenarios?: string[];
  replicates?: number;
  'day-users'?: number;
  tiers?: string;
  'quota-window'?: string;
  probes?: string;
  'knee-replicates'?: string;
  slo?: string;
  'slot-users'?: string;
  sensitivity?: number;
  threads?: number;
  seed?: number;
  out?: string;
  resume?: string;
  live: boolean;
  'live-users'?: number;
  'live-duration'?: string;
  'live-replicates'?: number;
  force: boolean;
  progress: boolean;
}

export function withStudyOptions<T>(yargs: Argv<T>): Argv<T & StudyArgs> {
  const d = DEFAULT_STUDY_SETTINGS;
  return yargs
    .option('replicates', { type: 'number', describe: `sim replicates (seeds) of each replicated point (default ${d.replicates})` })
    .option('day-users', { type: 'number', describe: `enrolled users of each whole simulated day (default ${d.dayUsers['customer-service'].toLocaleString('en-US')} customer-service, ${d.dayUsers['general-chatbot'].toLocaleString('en-US')} chatbot)` })
    .option('tiers', { type: 'string', describe: `business-number throughput tiers, msg/s (default ${d.quota.tiers.join(',')})` })
    .option('quota-window', { type: 'string', describe: 'measured window of each quota probe from the shape’s peak hour (default 1h)' })
    .option('probes', { type: 'string', describe: `quota probes per tier, e.g. 6,3 (default ${d.quota.probes.join(',')})` })
    .option('knee-replicates', { type: 'string', describe: `extra seeds over each tier's final bracket (default ${d.quota.replicates.join(',')})` })
    .option('slo', { type: 'string', describe: `latency SLO the service slots must meet, quota off (default ${d.slots.slo})` })
    .option('slot-users', { type: 'string', describe: 'simulated populations of the slots check, e.g. 1e5,1e6,1e7 (default)' })
    .option('sensitivity', { type: 'number', describe: `joint-interval draws over the research ranges (default ${d.sensitivitySamples})` })
    .option('threads', { type: 'number', describe: 'threads running sim steps (default: cores)' })
    .option('seed', { type: 'number', describe: 'base seed of both scenarios (replicate seeds derive from it)' })
    .option('out', { type: 'string', describe: 'study directory (default results/study-<time>); an unfinished study there is resumed' })
    .option('resume', { type: 'string', describe: 'continue the study in this directory (its scenarios and settings), reading its finished steps back; with --live, add the live point' })
    .option('live', { type: 'boolean', default: false, describe: 'also play one small point live and check it agrees with sim' })
    .option('live-users', { type: 'number', describe: `population of the live point (default ${DEFAULT_LIVE.users.toLocaleString('en-US')})` })
    .option('live-duration', { type: 'string', describe: 'length of the live point (default 60s)' })
    .option('live-replicates', { type: 'number', describe: `live runs of the live point (default 1; more than ${MAX_LIVE_REPLICATES} needs --force)` })
    .option('force', { type: 'boolean', default: false, describe: `allow more than ${MAX_LIVE_REPLICATES} live replicates, and a live point this machine may not drive` })
    .option('progress', { type: 'boolean', default: false, describe: 'live progress of the live point' }) as Argv<T & StudyArgs>;
}

const bad = (message: string) => new ChatloadError('CHATLOAD_E_OPTION_INVALID', message);

function wholeNumber(name: string, value: number | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!(Number.isInteger(value) && value >= min)) throw bad(`--${name} expects a whole number ≥ ${min}, got ${value}`);
  return value;
}

function numberList(name: string, text: string | undefined, valid: (n: number) => boolean, expected: string): number[] | undefined {
  if (text === undefined) return undefined;
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((n) => !Number.isFinite(n) || !valid(n))) throw bad(`--${name} expects ${expected}, got "${text}"`);
  return values;
}

function duration(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const us = parseDurationUs(text);
  if (us === undefined || us <= 0) throw bad(`--${name} expects a duration such as 1h or 90s, got "${text}"`);
  return us;
}

/** StudySettings from the options over the defaults; every problem is a bad-input error (exit 2). */
export function studySettingsOf(args: StudyArgs): StudySettings {
  const d = DEFAULT_STUDY_SETTINGS;
  const dayUsers = wholeNumber('day-users', args['day-users'], 1);
  const slo = args.slo ?? d.slots.slo;
  const judged = studySlo(slo);
  if ('problem' in judged) throw bad(`--slo: ${judged.problem}`);
  const slotUsers = numberList('slot-users', args['slot-users'], (n) => Number.isInteger(n) && n >= 1, 'whole populations such as 1e5,1e6');
  const liveRuns = wholeNumber('live-replicates', args['live-replicates'], 1) ?? DEFAULT_LIVE.runs;
  if (args.live) refuseLiveReplicates('study --live', '--live-replicates', liveRuns, args.force);
  const tiers = numberList('tiers', args.tiers, (n) => n > 0 && n <= 1000, 'throughputs in msg/s above 0 and at most 1,000, e.g. 80,1000') ?? d.quota.tiers;
  const smallest = Math.min(...(slotUsers ?? d.slots.simUsers));
  return {
    replicates: wholeNumber('replicates', args.replicates, 1) ?? d.replicates,
    dayUsers: dayUsers === undefined ? d.dayUsers : { 'customer-service': dayUsers, 'general-chatbot': dayUsers },
    quota: {
      ...d.quota,
      tiers,
      windowUs: duration('quota-window', args['quota-window']) ?? d.quota.windowUs,
      probes: numberList('probes', args.probes, (n) => Number.isInteger(n) && n >= 1, 'whole numbers ≥ 1 per tier, e.g. 6,3') ?? d.quota.probes,
      replicates: numberList('knee-replicates', args['knee-replicates'], (n) => Number.isInteger(n) && n >= 0, 'whole numbers ≥ 0 per tier, e.g. 3,0') ?? d.quota.replicates,
    },
    slots: { ...d.slots, slo, simUsers: slotUsers ?? d.slots.simUsers, curveUsers: [...new Set([...(slotUsers ?? []), ...d.slots.curveUsers.filter((n) => n >= smallest)])].sort((a, b) => a - b) },
    sensitivitySamples: wholeNumber('sensitivity', args.sensitivity, 10) ?? d.sensitivitySamples,
    live: args.live
      ? {
          users: wholeNumber('live-users', args['live-users'], 1) ?? DEFAULT_LIVE.users,
          durationUs: duration('live-duration', args['live-duration']) ?? DEFAULT_LIVE.durationUs,
          runs: liveRuns,
        }
      : null,
  };
}
