import { ChatloadError } from '../errors.js';
import { studySlo } from '../study/slot-study.js';
import { DEFAULT_LIVE, DEFAULT_STUDY_SETTINGS } from '../study/study-defaults.js';
import type { StudySettings } from '../study/study-settings.js';
import { parseDurationUs } from '../units.js';
import { refuseLiveReplicates } from './replicate-options.js';
import type { StudyArgs } from './study-options.js';

const bad = (message: string) => new ChatloadError('CHATLOAD_E_OPTION_INVALID', message);

function wholeNumber(name: string, value: number | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!(Number.isInteger(value) && value >= min))
    throw bad(`--${name} expects a whole number ≥ ${min}, got ${value}`);
  return value;
}

function numberList(
  name: string,
  text: string | undefined,
  valid: (n: number) => boolean,
  expected: string,
): number[] | undefined {
  if (text === undefined) return undefined;
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((n) => !Number.isFinite(n) || !valid(n)))
    throw bad(`--${name} expects ${expected}, got "${text}"`);
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
  const slotUsers = numberList(
    'slot-users',
    args['slot-users'],
    (n) => Number.isInteger(n) && n >= 1,
    'whole populations such as 1e5,1e6',
  );
  const liveRuns = wholeNumber('live-replicates', args['live-replicates'], 1) ?? DEFAULT_LIVE.runs;
  if (args.live) refuseLiveReplicates('study --live', '--live-replicates', liveRuns, args.force);
  const tiers =
    numberList(
      'tiers',
      args.tiers,
      (n) => n > 0 && n <= 1000,
      'throughputs in msg/s above 0 and at most 1,000, e.g. 80,1000',
    ) ?? d.quota.tiers;
  const smallest = Math.min(...(slotUsers ?? d.slots.simUsers));
  return {
    replicates: wholeNumber('replicates', args.replicates, 1) ?? d.replicates,
    dayUsers:
      dayUsers === undefined ? d.dayUsers : { 'customer-service': dayUsers, 'general-chatbot': dayUsers },
    quota: {
      ...d.quota,
      tiers,
      windowUs: duration('quota-window', args['quota-window']) ?? d.quota.windowUs,
      probes:
        numberList(
          'probes',
          args.probes,
          (n) => Number.isInteger(n) && n >= 1,
          'whole numbers ≥ 1 per tier, e.g. 6,3',
        ) ?? d.quota.probes,
      replicates:
        numberList(
          'knee-replicates',
          args['knee-replicates'],
          (n) => Number.isInteger(n) && n >= 0,
          'whole numbers ≥ 0 per tier, e.g. 3,0',
        ) ?? d.quota.replicates,
    },
    slots: {
      ...d.slots,
      slo,
      simUsers: slotUsers ?? d.slots.simUsers,
      curveUsers: [
        ...new Set([...(slotUsers ?? []), ...d.slots.curveUsers.filter((n) => n >= smallest)]),
      ].sort((a, b) => a - b),
    },
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
