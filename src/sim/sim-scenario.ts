import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { formatDurationUs, hoursToUs, US_PER_DAY, US_PER_SECOND, usToMs } from '../units.js';

/**
 * The scenario as the sim plays it: the day uncompressed (decision 0007) and, unless the
 * scenario set one, an interval of the duration ÷ 1,440 rounded up to a whole second, at least
 * one second (decision 0006). The notes say what changed.
 */
export const SIM_INTERVALS_PER_RUN = 288;

export function simScenarioOf(scenario: ResolvedScenario): {
  readonly scenario: ResolvedScenario;
  readonly notes: readonly string[];
} {
  const notes: string[] = [];
  let clock = scenario.clock;
  if (scenario.clock.dayInUs !== US_PER_DAY) {
    notes.push(
      `clock.dayIn ${formatDurationUs(scenario.clock.dayInUs)} ignored: sim plays the day uncompressed, so ${formatDurationUs(scenario.durationUs)} is ${formatDurationUs(scenario.durationUs)} of the day (decision 0007)`,
    );
    clock = { ...clock, dayInUs: US_PER_DAY };
  }
  let load = scenario.load;
  if (!scenario.load.intervalSet) {
    const intervalUs = Math.max(
      US_PER_SECOND,
      Math.ceil(scenario.durationUs / SIM_INTERVALS_PER_RUN / US_PER_SECOND) * US_PER_SECOND,
    );
    if (intervalUs !== scenario.load.intervalUs)
      notes.push(
        `interval ${formatDurationUs(intervalUs)} (the duration ÷ ${SIM_INTERVALS_PER_RUN}, whole seconds: decision 0006)`,
      );
    load = { ...load, intervalUs };
  }
  return { scenario: { ...scenario, clock, load }, notes };
}

/**
 * The sim's t = 0 as an absolute time (decision 0002): 15 January 2026, the day the policy took
 * effect (a Thursday), or Saturday 17 January for a weekend day, at the scenario's start hour.
 */
export function virtualEpochMs(scenario: Pick<ResolvedScenario, 'clock'>): number {
  const day = scenario.clock.day === 'weekend' ? Date.UTC(2026, 0, 17) : Date.UTC(2026, 0, 15);
  return day + usToMs(hoursToUs(scenario.clock.startHour));
}
