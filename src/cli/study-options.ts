import type { Argv } from 'yargs';
import { DEFAULT_LIVE, DEFAULT_STUDY_SETTINGS } from '../study/study-defaults.js';
import { MAX_LIVE_REPLICATES } from './replicate-options.js';

/** `study`'s options (yargs stays in src/cli); parsed once into StudySettings by study-options-parse.ts. */
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
    .option('replicates', {
      type: 'number',
      describe: `sim replicates (seeds) of each replicated point (default ${d.replicates})`,
    })
    .option('day-users', {
      type: 'number',
      describe: `enrolled users of each whole simulated day (default ${d.dayUsers['customer-service'].toLocaleString('en-US')} customer-service, ${d.dayUsers['general-chatbot'].toLocaleString('en-US')} chatbot)`,
    })
    .option('tiers', {
      type: 'string',
      describe: `business-number throughput tiers, msg/s (default ${d.quota.tiers.join(',')})`,
    })
    .option('quota-window', {
      type: 'string',
      describe: 'measured window of each quota probe from the shape’s peak hour (default 1h)',
    })
    .option('probes', {
      type: 'string',
      describe: `quota probes per tier, e.g. 6,3 (default ${d.quota.probes.join(',')})`,
    })
    .option('knee-replicates', {
      type: 'string',
      describe: `extra seeds over each tier's final bracket (default ${d.quota.replicates.join(',')})`,
    })
    .option('slo', {
      type: 'string',
      describe: `latency SLO the service slots must meet, quota off (default ${d.slots.slo})`,
    })
    .option('slot-users', {
      type: 'string',
      describe: 'simulated populations of the slots check, e.g. 1e5,1e6,1e7 (default)',
    })
    .option('sensitivity', {
      type: 'number',
      describe: `joint-interval draws over the research ranges (default ${d.sensitivitySamples})`,
    })
    .option('threads', { type: 'number', describe: 'threads running sim steps (default: cores)' })
    .option('seed', {
      type: 'number',
      describe: 'base seed of both scenarios (replicate seeds derive from it)',
    })
    .option('out', {
      type: 'string',
      describe: 'study directory (default results/study-<time>); an unfinished study there is resumed',
    })
    .option('resume', {
      type: 'string',
      describe:
        'continue the study in this directory (its scenarios and settings), reading its finished steps back; with --live, add the live point',
    })
    .option('live', {
      type: 'boolean',
      default: false,
      describe: 'also play one small point live and check it agrees with sim',
    })
    .option('live-users', {
      type: 'number',
      describe: `population of the live point (default ${DEFAULT_LIVE.users.toLocaleString('en-US')})`,
    })
    .option('live-duration', { type: 'string', describe: 'length of the live point (default 60s)' })
    .option('live-replicates', {
      type: 'number',
      describe: `live runs of the live point (default 1; more than ${MAX_LIVE_REPLICATES} needs --force)`,
    })
    .option('force', {
      type: 'boolean',
      default: false,
      describe: `allow more than ${MAX_LIVE_REPLICATES} live replicates, and a live point this machine may not drive`,
    })
    .option('progress', {
      type: 'boolean',
      default: false,
      describe: 'live progress of the live point',
    }) as Argv<T & StudyArgs>;
}
