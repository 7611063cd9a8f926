import type { InputIssue } from '../errors.js';
import type { ScenarioOverrides } from './resolved-scenario.js';

/**
 * Command-line values laid over a scenario file, remembering where each one landed, so that a
 * problem with a value the user typed is reported against the flag they typed
 * ("--duration: expected a duration from 1ms to 30d, got 0s"), not against a file line that
 * says something else.
 */

type Path = readonly (string | number)[];
type ScalarField = Exclude<keyof ScenarioOverrides, 'thresholds' | 'flags'>;

/** Where each override lands in the scenario, and the flag that sets it by default. */
const OVERRIDE_TARGETS: Readonly<Record<ScalarField, { readonly path: Path; readonly flag: string }>> = {
  users: { path: ['users'], flag: '--users' },
  duration: { path: ['duration'], flag: '--duration' },
  workers: { path: ['workers'], flag: '--workers' },
  target: { path: ['target'], flag: '--target' },
  seed: { path: ['seed'], flag: '--seed' },
  dayIn: { path: ['clock', 'dayIn'], flag: '--day-in' },
  startHour: { path: ['clock', 'startHour'], flag: '--start-hour' },
  preRoll: { path: ['clock', 'preRoll'], flag: '--pre-roll' },
};

/** One value that came from the command line: where it went, who set it, what it was. */
export interface OverrideOrigin {
  readonly path: Path;
  readonly flag: string;
  readonly value: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The file's value with the overrides applied, and their origins. A section of the file that is
 * not a mapping (e.g. `clock: 5`) is left as written, so the schema reports the file's mistake
 * instead of the override silently replacing it.
 */
export function applyOverrides(
  input: Record<string, unknown>,
  overrides: ScenarioOverrides,
): { value: Record<string, unknown>; origins: OverrideOrigin[] } {
  const value: Record<string, unknown> = { ...input };
  const origins: OverrideOrigin[] = [];
  for (const field of Object.keys(OVERRIDE_TARGETS) as ScalarField[]) {
    const given = overrides[field];
    if (given === undefined) continue;
    const { path, flag } = OVERRIDE_TARGETS[field];
    const [head, leaf] = path as [string, string | undefined];
    if (leaf === undefined) value[head] = given;
    else if (value[head] === undefined || isRecord(value[head])) value[head] = { ...(value[head] as object), [leaf]: given };
    else continue;
    origins.push({ path, flag: overrides.flags?.[field] ?? flag, value: given });
  }
  if (overrides.thresholds !== undefined && (value.thresholds === undefined || Array.isArray(value.thresholds))) {
    const fromFile = (value.thresholds as unknown[] | undefined) ?? [];
    value.thresholds = [...fromFile, ...overrides.thresholds];
    overrides.thresholds.forEach((expression, i) => {
      origins.push({ path: ['thresholds', fromFile.length + i], flag: overrides.flags?.thresholds ?? '--threshold', value: expression });
    });
  }
  return { value, origins };
}

/** The override an issue at `path` is about, if any (its path is a prefix of the issue's). */
export function originOf(path: Path, origins: readonly OverrideOrigin[]): OverrideOrigin | undefined {
  return origins.find((origin) => origin.path.every((part, i) => path[i] === part));
}

/** The issue told against the flag: no file or line, and the value as typed (unless the message quotes it already). */
export function flagIssue(origin: OverrideOrigin, message: string): InputIssue {
  const given = typeof origin.value === 'string' ? origin.value : JSON.stringify(origin.value);
  const quoted = /\bgot\b/.test(message) || message.includes(`"${given}"`);
  return { field: origin.flag, message: quoted ? message : `${message}, got ${given}` };
}
