import { mergeHistograms } from '../metrics/exact-merge.js';
import type { EngineKind } from '../metrics/run-result.js';
import type { ClosedInterval } from '../metrics/run-aggregate.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { monotonicNowUs, msToUs, US_PER_SECOND } from '../units.js';
import type { CliContext } from './cli-context.js';
import { createProgressDisplay, type ProgressSample } from './progress-display.js';

/**
 * Progress of a run from its closed intervals: the interval's rate and p99 (merged over every
 * series), errors and completions so far. Live time is wall time since the start; in sim it is
 * the virtual time reached, with the events per wall second.
 */
export function progressListener(
  engine: EngineKind,
  scenario: ResolvedScenario,
  ctx: CliContext,
  enabled: boolean,
) {
  const display = createProgressDisplay(ctx.isTTY && enabled, ctx.stderr, 5_000_000, engine);
  const sofar = { completed: 0, errors: 0 };
  let startedAtUs = 0;
  const wallStartUs = monotonicNowUs();
  return {
    onStart: (epochMs: number) => {
      // Live: t = 0 may lie ahead (a shard's start barrier) or behind (a late joiner).
      startedAtUs = engine === 'live' ? monotonicNowUs() + msToUs(epochMs - Date.now()) : monotonicNowUs();
    },
    onInterval: (interval: ClosedInterval, intervalUs: number) => {
      if (!enabled) return;
      display.update(
        sampleOf(
          interval,
          intervalUs,
          scenario.durationUs,
          engine === 'live' ? startedAtUs : 0,
          sofar,
          wallStartUs,
        ),
      );
    },
    stop: () => display.stop(),
  };
}

function sampleOf(
  interval: ClosedInterval,
  intervalUs: number,
  totalUs: number,
  liveStartUs: number,
  sofar: { completed: number; errors: number },
  wallStartUs: number,
): ProgressSample {
  let completed = 0;
  for (const series of interval.series.values()) {
    completed += series.counters.count;
    sofar.errors += series.counters.errors;
  }
  sofar.completed += completed;
  const latency = mergeHistograms([...interval.series.values()].map((series) => series.latency));
  const virtualUs = (interval.index + 1) * intervalUs;
  const elapsedUs =
    liveStartUs > 0 ? Math.min(monotonicNowUs() - liveStartUs, totalUs) : Math.min(virtualUs, totalUs);
  const wallUs = monotonicNowUs() - wallStartUs;
  const virtualReachedUs = Math.min(virtualUs, totalUs);
  return {
    elapsedUs,
    totalUs,
    // In sim the rate shown is events handled per wall second, which is what a person waiting wants.
    opsPerSecond:
      liveStartUs > 0
        ? completed / (intervalUs / US_PER_SECOND)
        : sofar.completed / Math.max(1e-6, wallUs / US_PER_SECOND),
    errors: sofar.errors,
    completed: sofar.completed,
    latencyP99Us: latency.totalCount > 0 ? latency.getValueAtPercentile(99) : 0,
    inFlight: interval.inFlight,
    ...(liveStartUs > 0 || virtualReachedUs <= 0 ? {} : { etaUs: (wallUs * Math.max(0, totalUs - virtualReachedUs)) / virtualReachedUs }),
  };
}
