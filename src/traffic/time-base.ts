import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import type { ShapeName } from '../scenario/traffic-schema.js';
import { durationTextOfUs, SECONDS_PER_HOUR, US_PER_DAY, usToSeconds } from '../units.js';
import { createDiurnalCurve, dayCompression, type DiurnalCurve, type Timezone } from './diurnal-curve.js';

/**
 * A result's time base (issue 11 §2): whether the day was compressed (`clock.dayIn`: arrivals
 * speed up, think times do not, so rates and peaks of such a run are not the platform's), and
 * which hours of each shape's day the run played — the hour policy. Pure: from the scenario and
 * the length of time that ran.
 */

/** The words every time-compressed result carries (summary.json, terminal summary, report). */
export const TIME_COMPRESSED_MARK = 'time-compressed: no rate or peak claims';

/**
 * - `whole-day`: a day or more of every shape's curve was played;
 * - `same-hour`: every shape played the same local hours (same time zones, one clock);
 * - `own-peak`: the shapes' time zones differ and each shape's played hours hold its own peak;
 * - `as-configured`: time zones differ and not every shape is at its peak.
 */
export const HOUR_POLICIES = ['whole-day', 'same-hour', 'own-peak', 'as-configured'] as const;
export type HourPolicy = (typeof HOUR_POLICIES)[number];

export interface ShapeTimeBase {
  readonly shape: ShapeName;
  readonly mixIndex: number;
  readonly timezones: readonly Timezone[];
  /** Scenario-clock hour where the shape's curve peaks (time zones applied). */
  readonly peakHour: number;
  /** Share of a day's conversation starts of the shape that fall in the played hours (1 per whole day). */
  readonly windowShareOfDay: number;
  /** Whether the played hours reach the shape's peak hour. */
  readonly coversPeak: boolean;
}

export interface TimeBase {
  readonly compressed: boolean;
  /** Real time a played day took; one day when not compressed. */
  readonly dayInUs: number;
  readonly startHour: number;
  /** Hours of the scenario clock the run played (real run time × compression). */
  readonly playedHours: number;
  readonly hourPolicy: HourPolicy;
  readonly shapes: readonly ShapeTimeBase[];
}

const wrapHour = (hour: number): number => ((hour % 24) + 24) % 24;
const EPSILON_HOURS = 1e-9;

/**
 * ∫ multiplier over [fromHour, fromHour + hours] of the scenario clock (hours × multiplier; a whole
 * day integrates to 24), and the largest multiplier met. The curve is a step function that changes
 * only where some zone's local hour is whole, so each piece between those points is exact.
 */
export function integrateCurveHours(curve: DiurnalCurve, timezones: readonly Timezone[], fromHour: number, hours: number): { readonly integral: number; readonly highest: number } {
  const steps = [...new Set(timezones.flatMap((zone) => Array.from({ length: 24 }, (_, h) => wrapHour(h - zone.offsetHours))))].sort((a, b) => a - b);
  const wholeDays = Math.floor(hours / 24);
  let integral = wholeDays * 24;
  let highest = wholeDays > 0 ? curve.peakMultiplier : 0;
  const endHour = fromHour + hours;
  let at = fromHour + wholeDays * 24;
  while (at < endHour - EPSILON_HOURS) {
    const local = wrapHour(at);
    const nextStep = steps.find((step) => step > local + EPSILON_HOURS) ?? (steps[0] ?? 0) + 24;
    const next = Math.min(endHour, at + (nextStep - local));
    const value = curve.multiplierAt(wrapHour((at + next) / 2));
    integral += value * (next - at);
    highest = Math.max(highest, value);
    at = next;
  }
  return { integral, highest };
}

const sameZones = (a: readonly Timezone[], b: readonly Timezone[]): boolean => {
  const norm = (zones: readonly Timezone[]) => {
    const total = zones.reduce((sum, z) => sum + z.share, 0);
    return zones.map((z) => `${z.offsetHours}:${(z.share / total).toFixed(12)}`).sort().join(',');
  };
  return norm(a) === norm(b);
};

/** The time base of a run of `ranUs` real time (use the planned duration, or less when it stopped early). */
export function timeBaseOf(scenario: Pick<ResolvedScenario, 'clock' | 'traffic'>, ranUs: number): TimeBase {
  const { clock } = scenario;
  const playedHours = (usToSeconds(ranUs) * dayCompression(clock)) / SECONDS_PER_HOUR;
  const shapes = scenario.traffic.mix.map((entry, mixIndex): ShapeTimeBase => {
    const { timezones } = entry.params;
    const curve = createDiurnalCurve(entry.params.hourlyWeights, timezones);
    const { integral, highest } = integrateCurveHours(curve, timezones, clock.startHour, playedHours);
    return {
      shape: entry.shape,
      mixIndex,
      timezones,
      peakHour: curve.peakHour,
      windowShareOfDay: integral / 24,
      coversPeak: highest >= curve.peakMultiplier - 1e-12,
    };
  });
  return { compressed: clock.dayInUs < US_PER_DAY, dayInUs: clock.dayInUs, startHour: clock.startHour, playedHours, hourPolicy: hourPolicyOf(shapes, playedHours), shapes };
}

function hourPolicyOf(shapes: readonly ShapeTimeBase[], playedHours: number): HourPolicy {
  if (playedHours >= 24 - EPSILON_HOURS) return 'whole-day';
  const first = shapes[0];
  if (first === undefined || shapes.every((s) => sameZones(s.timezones, first.timezones))) return 'same-hour';
  return shapes.every((s) => s.coversPeak) ? 'own-peak' : 'as-configured';
}

/** "09:30" for 9.5, "09:30:20" when the seconds are not whole minutes (wrapped to the day). */
export const clockHourText = (hour: number): string => {
  const seconds = Math.round(wrapHour(hour) * 3_600) % 86_400;
  const two = (n: number) => String(n).padStart(2, '0');
  const hhmm = `${two(Math.floor(seconds / 3_600))}:${two(Math.floor(seconds / 60) % 60)}`;
  return seconds % 60 === 0 ? hhmm : `${hhmm}:${two(seconds % 60)}`;
};

export const zonesText = (zones: readonly Timezone[]): string => {
  const total = zones.reduce((sum, z) => sum + z.share, 0);
  const utc = (offset: number) => `UTC${offset < 0 ? '−' : '+'}${Math.abs(offset)}`;
  return zones.length === 1 ? utc(zones[0]?.offsetHours ?? 0) : zones.map((z) => `${utc(z.offsetHours)} ${Math.round((z.share / total) * 100)} %`).join(', ');
};

/** The hour policy in words, with the played hours and each shape's time zones. */
export function hourPolicyText(base: TimeBase): string {
  const hours = `${clockHourText(base.startHour)}–${clockHourText(base.startHour + base.playedHours)} of the scenario clock`;
  const zones = base.shapes.map((s) => `${s.shape} ${zonesText(s.timezones)}`).join(', ');
  switch (base.hourPolicy) {
    case 'whole-day':
      return `whole day: ${base.playedHours >= 48 ? `${Math.floor(base.playedHours / 24)} days` : 'every hour'} of each shape's curve played from ${clockHourText(base.startHour)} (${zones})`;
    case 'same-hour':
      return `same hours for every shape: ${hours} in ${zonesText(base.shapes[0]?.timezones ?? [])}`;
    case 'own-peak':
      return `each shape at its own peak: ${hours} (${zones})`;
    case 'as-configured':
      return `hours ${hours}, shapes in different time zones, not every one at its peak (${zones})`;
  }
}

/** The compression in words: "a day in 4m (×360)". */
export const compressionText = (base: TimeBase): string => `a day in ${durationTextOfUs(base.dayInUs)} (×${Number((US_PER_DAY / base.dayInUs).toPrecision(4))})`;
