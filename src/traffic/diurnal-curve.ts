import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { SECONDS_PER_DAY, US_PER_DAY, US_PER_HOUR, US_PER_SECOND } from '../units.js';

/**
 * When in the day conversations start. The research curves (§3.3) are 24 hourly weights in
 * the user's local time; the rate is a step function of the hour, because that is what the
 * tables state and it keeps thinning and the chi-square test exact.
 */

export interface Timezone {
  readonly offsetHours: number;
  readonly share: number;
}

export interface DiurnalCurve {
  /** Rate multiplier at an hour of the scenario's clock (0 ≤ h < 24); its mean over the day is 1. */
  multiplierAt(hourOfDay: number): number;
  /** Largest multiplier over the day, and the scenario-clock hour where it is reached. */
  readonly peakMultiplier: number;
  readonly peakHour: number;
}

const wrapHour = (hour: number): number => ((hour % 24) + 24) % 24;

/**
 * The curve of a population spread over time zones: the share-weighted sum of the local curve
 * shifted by each zone's offset (a user at UTC+o sees local hour h + o when the scenario clock reads h).
 */
export function createDiurnalCurve(
  hourlyWeights: readonly number[],
  timezones: readonly Timezone[],
): DiurnalCurve {
  const weightSum = hourlyWeights.reduce((a, b) => a + b, 0);
  const shareSum = timezones.reduce((a, z) => a + z.share, 0);
  // weight / mean weight, so that a day's integral of the multiplier is 24 h.
  const local = hourlyWeights.map((w) => (w * 24) / weightSum);
  const zones = timezones.map((z) => ({ offsetHours: z.offsetHours, share: z.share / shareSum }));
  const multiplierAt = (hourOfDay: number): number => {
    let sum = 0;
    for (const zone of zones)
      sum += zone.share * (local[Math.floor(wrapHour(hourOfDay + zone.offsetHours))] ?? 0);
    return sum;
  };
  // The step function changes only where some zone's local hour is whole: check exactly those points.
  let peakMultiplier = 0;
  let peakHour = 0;
  for (const hour of stepStarts(zones)) {
    const value = multiplierAt(hour);
    if (value > peakMultiplier + 1e-12) {
      peakMultiplier = value;
      peakHour = hour;
    }
  }
  return { multiplierAt, peakMultiplier, peakHour };
}

function stepStarts(zones: readonly Timezone[]): number[] {
  const starts = new Set<number>();
  for (const zone of zones) for (let h = 0; h < 24; h += 1) starts.add(wrapHour(h - zone.offsetHours));
  return [...starts].sort((a, b) => a - b);
}

/** Weekday 1, weekend the shape's factor (§3.3). */
export function dayFactor(day: 'weekday' | 'weekend', weekendFactor: number): number {
  return day === 'weekend' ? weekendFactor : 1;
}

/** Played seconds per real second: 1 uncompressed, 1440 when a day is played in a minute. */
export function dayCompression(clock: ResolvedScenario['clock']): number {
  return US_PER_DAY / clock.dayInUs;
}

/** Scenario-clock hour of day (0 ≤ h < 24) at `atUs` of real run time. */
export function playedHourAt(clock: ResolvedScenario['clock'], atUs: number): number {
  return wrapHour(clock.startHour + (atUs * dayCompression(clock)) / US_PER_HOUR);
}

export interface ArrivalRateInput {
  /** Enrolled users this rate is for (a whole shape, or one cell's share of it). */
  readonly users: number;
  readonly activeShare: number;
  readonly conversationsPerActiveUserDay: number;
  readonly dayFactor: number;
  readonly curve: DiurnalCurve;
  readonly clock: ResolvedScenario['clock'];
}

export interface ArrivalRate {
  /** Conversation starts per real µs at `atUs` after the run start. */
  perUsAt(atUs: number): number;
  /** An upper bound of `perUsAt` over the whole run (for thinning). */
  readonly maxPerUs: number;
}

/**
 * Conversations per second of *played* time = users × activeShare × conversationsPerActiveUserDay
 * × dayFactor × multiplier(hour) / 86,400 s (multiplier = 24 × weight / Σ weights).
 * With `clock.dayIn` compressed, played time runs 86,400 s / dayIn faster than real time, so the
 * rate per real second is multiplied by that factor. Only arrivals are compressed: inside a
 * conversation, think times and reply delays stay in real time (a person still needs 25 s to
 * answer), so a compressed day is a faithful day of *starts*, not of whole conversations.
 */
export function conversationArrivalRate(input: ArrivalRateInput): ArrivalRate {
  const perPlayedDay =
    input.users * input.activeShare * input.conversationsPerActiveUserDay * input.dayFactor;
  const perRealUsAtMultiplier1 =
    (perPlayedDay / SECONDS_PER_DAY / US_PER_SECOND) * dayCompression(input.clock);
  const { curve, clock } = input;
  return {
    perUsAt: (atUs) => perRealUsAtMultiplier1 * curve.multiplierAt(playedHourAt(clock, atUs)),
    maxPerUs: perRealUsAtMultiplier1 * curve.peakMultiplier,
  };
}
