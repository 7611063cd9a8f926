import type { RunResult } from '../metrics/run-result.js';
import { usToSeconds } from '../units.js';
import { summarizeSeries } from './series-summary.js';
import { SUMMARY_SCHEMA_VERSION, type SeriesSummary, type SummaryJson, type ThresholdVerdict } from './summary-schema.js';

/** The summary.json object of a run (pass `series` when the caller already summarized it for thresholds). */
export function buildSummary(
  result: RunResult,
  verdicts: readonly ThresholdVerdict[],
  series: readonly SeriesSummary[] = summarizeSeries(result.series, result.elapsedUs),
): SummaryJson {
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    runId: result.runId,
    toolVersion: result.toolVersion,
    startedAt: new Date(result.startedAtEpochMs).toISOString(),
    elapsedSeconds: usToSeconds(result.elapsedUs),
    plannedDurationSeconds: usToSeconds(result.plannedDurationUs),
    interrupted: result.interrupted,
    machine: result.machine,
    workers: result.workers,
    target: { url: result.targetUrl, embeddedMock: result.embeddedMock },
    scenario: result.scenario,
    intervalSeconds: usToSeconds(result.intervalUs),
    series,
    thresholds: verdicts,
    platformStats: result.platformStats ?? null,
    warnings: result.warnings,
  };
}

/** The scenario's lateness warning level (µs), read defensively: summary.scenario is opaque JSON. */
export function latenessWarnUsOf(summary: Pick<SummaryJson, 'scenario'>): number | undefined {
  const scenario = summary.scenario as { load?: { latenessWarnUs?: unknown } } | null | undefined;
  const value = scenario?.load?.latenessWarnUs;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The scenario's name, when summary.scenario carries one. */
export function scenarioNameOf(summary: Pick<SummaryJson, 'scenario'>): string | undefined {
  const scenario = summary.scenario as { name?: unknown } | null | undefined;
  return typeof scenario?.name === 'string' ? scenario.name : undefined;
}
