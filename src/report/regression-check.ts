import { formatDurationUs } from '../units.js';
import type { SeriesSummary, SummaryJson } from './summary-schema.js';

/** One metric checked against a baseline. */
export interface RegressionCheck {
  /** "general-chatbot/send latency p99". */
  readonly name: string;
  readonly series: string;
  readonly metric: 'latency p99' | 'error share' | 'rate';
  readonly baseline: number;
  readonly current: number;
  /** The worst value still accepted. */
  readonly limit: number;
  /** True when within tolerance, or when skipped. */
  readonly pass: boolean;
  /** Why the check was not made (too few samples to tell a change from noise). */
  readonly skipped?: string;
  readonly detail: string;
}

export interface RegressionOptions {
  /** Allowed relative change: 0.1 = p99 may rise and rate fall by 10 %. */
  readonly tolerance: number;
  /**
   * Completed operations a series needs in both runs to be checked: with fewer, p99 is one of
   * the last few samples and one error moves the share by points, so a "regression" is noise.
   */
  readonly minSamples: number;
}

export const DEFAULT_MIN_SAMPLES = 100;

/** An error share rise of less than this (0.1 percentage point) is noise, whatever the relative change. */
const ERROR_SHARE_FLOOR = 0.001;

const pct = (fraction: number): string => `${(fraction * 100).toFixed(2)}%`;
const change = (current: number, baseline: number): string =>
  baseline === 0
    ? 'from zero'
    : `${current >= baseline ? '+' : ''}${(((current - baseline) / baseline) * 100).toFixed(1)}%`;

function checksFor(
  key: string,
  base: SeriesSummary,
  current: SeriesSummary | undefined,
  options: RegressionOptions,
): RegressionCheck[] {
  const { tolerance, minSamples } = options;
  const cur = current ?? {
    count: 0,
    ratePerSecond: 0,
    errorShare: 0,
    latencyUs: { ...base.latencyUs, count: 0, p99: 0 },
  };
  const fewest = Math.min(base.count, cur.count);
  // A series that vanished is checked (its rate fell to zero); one that is merely small is not.
  const skipped =
    current && fewest < minSamples
      ? `skipped: ${fewest} samples, fewer than the ${minSamples} needed`
      : undefined;
  const verdict = (pass: boolean) => (skipped ? { pass: true, skipped } : { pass });
  const checks: RegressionCheck[] = [];
  if (current) {
    const limit = base.latencyUs.p99 * (1 + tolerance);
    checks.push({
      name: `${key} latency p99`,
      series: key,
      metric: 'latency p99',
      baseline: base.latencyUs.p99,
      current: cur.latencyUs.p99,
      limit,
      ...verdict(cur.latencyUs.p99 <= limit),
      detail: `p99 ${formatDurationUs(base.latencyUs.p99)} → ${formatDurationUs(cur.latencyUs.p99)} (${change(cur.latencyUs.p99, base.latencyUs.p99)}; limit ${formatDurationUs(limit)})`,
    });
  }
  const shareLimit = Math.max(base.errorShare * (1 + tolerance), base.errorShare + ERROR_SHARE_FLOOR);
  checks.push({
    name: `${key} error share`,
    series: key,
    metric: 'error share',
    baseline: base.errorShare,
    current: cur.errorShare,
    limit: shareLimit,
    ...verdict(cur.errorShare <= shareLimit),
    detail: `error share ${pct(base.errorShare)} → ${pct(cur.errorShare)} (limit ${pct(shareLimit)})`,
  });
  const rateLimit = base.ratePerSecond * (1 - tolerance);
  checks.push({
    name: `${key} rate`,
    series: key,
    metric: 'rate',
    baseline: base.ratePerSecond,
    current: cur.ratePerSecond,
    limit: rateLimit,
    ...verdict(cur.ratePerSecond >= rateLimit),
    detail: `rate ${base.ratePerSecond.toFixed(2)}/s → ${cur.ratePerSecond.toFixed(2)}/s (${change(cur.ratePerSecond, base.ratePerSecond)}; minimum ${rateLimit.toFixed(2)}/s)${current ? '' : ' — series missing from the current run'}`,
  });
  return checks;
}

/**
 * Checks a run against a baseline, series by series (each shape-operation and each shape's
 * total): p99 latency may rise and the rate fall by at most the tolerance; the error share may
 * rise by that fraction, or by 0.1 point, whichever is larger. Series with fewer than
 * `minSamples` completions in either run are reported as skipped.
 */
export function checkRegressions(
  current: SummaryJson,
  baseline: SummaryJson,
  options: RegressionOptions,
): RegressionCheck[] {
  return baseline.series
    .filter((s) => s.shape !== '*' && s.count > 0)
    .flatMap((base) =>
      checksFor(
        base.key,
        base,
        current.series.find((s) => s.key === base.key),
        options,
      ),
    );
}
