import { decodeHistogram } from '../metrics/hdr-settings.js';
import { parseThreshold, type ThresholdExpression } from '../scenario/threshold-grammar.js';
import { valueAtPercentileUs } from '../metrics/hdr-settings.js';
import { formatDurationUs, US_PER_MS, US_PER_SECOND } from '../units.js';
import type { PercentilesUs, SeriesSummary, ThresholdVerdict } from './summary-schema.js';

/** The parts of a summary series that thresholds read. */
export type ThresholdSeries = Pick<
  SeriesSummary,
  | 'key'
  | 'count'
  | 'errors'
  | 'errorsByCode'
  | 'ratePerSecond'
  | 'latencyUs'
  | 'serviceUs'
  | 'latenessUs'
  | 'histograms'
>;

const TIME_UNIT_US: Record<string, number> = { us: 1, µs: 1, ms: US_PER_MS, s: US_PER_SECOND };
const PRECOMPUTED: Record<number, keyof PercentilesUs> = { 50: 'p50', 90: 'p90', 99: 'p99', 99.9: 'p999' };

/** A measured value in canonical units (µs, fraction, /s, count), or a reason there is none. */
type Measured = { value: number } | { missing: string };

function measure(expression: ThresholdExpression, series: ThresholdSeries | undefined): Measured {
  const what = expression.series === '*/*' ? 'operations' : `${expression.series} operations`;
  switch (expression.measure) {
    case 'errors': {
      const count = series?.count ?? 0;
      const errors =
        expression.errorCode === undefined
          ? (series?.errors ?? 0)
          : (series?.errorsByCode[expression.errorCode] ?? 0);
      if (expression.unit !== '%') return { value: errors };
      return { value: count > 0 ? errors / count : 0 };
    }
    case 'rate':
      return { value: series?.ratePerSecond ?? 0 };
    case 'count':
      return { value: series?.count ?? 0 };
    default: {
      const kind = expression.measure;
      const stats = series?.[`${kind}Us`];
      if (!series || !stats || stats.count === 0) return { missing: `no ${kind} was recorded for ${what}` };
      const stat = expression.stat ?? { kind: 'percentile', percentile: 99 };
      if (stat.kind !== 'percentile') return { value: stats[stat.kind] };
      const field = PRECOMPUTED[stat.percentile];
      if (field) return { value: stats[field] };
      // Other percentiles come from the encoded histogram, so they are exact too.
      return { value: valueAtPercentileUs(decodeHistogram(series.histograms[kind]), stat.percentile) };
    }
  }
}

function passes(op: ThresholdExpression['op'], actual: number, limit: number): boolean {
  switch (op) {
    case '<':
      return actual < limit;
    case '<=':
      return actual <= limit;
    case '>':
      return actual > limit;
    case '>=':
      return actual >= limit;
  }
}

/** A canonical value as people read it for this kind of threshold. */
function formatCanonical(expression: ThresholdExpression, value: number): string {
  if (TIME_UNIT_US[expression.unit] !== undefined) return formatDurationUs(value);
  if (expression.unit === '%') return `${(value * 100).toFixed(2)}%`;
  if (expression.unit === '/s') return `${value.toFixed(1)}/s`;
  return String(Math.round(value));
}

function differenceText(expression: ThresholdExpression, actual: number): string {
  const limitText = `${expression.value}${expression.unit}`;
  const upper = expression.op === '<' || expression.op === '<=';
  const boundary = upper ? `the ${limitText} limit` : `the ${limitText} minimum`;
  if (actual === expression.limit) return `exactly at ${boundary}`;
  const gap = Math.abs(actual - expression.limit);
  const gapText =
    expression.unit === '%' ? `${(gap * 100).toFixed(2)} points` : formatCanonical(expression, gap);
  const side = actual > expression.limit ? (upper ? 'over' : 'above') : upper ? 'under' : 'below';
  return `${gapText} ${side} ${boundary}`;
}

/** Converts a canonical value to the unit the threshold was written in (ms for "…<250ms", % for "…<1%"). */
function inWrittenUnit(expression: ThresholdExpression, canonical: number): number {
  const factor = TIME_UNIT_US[expression.unit];
  if (factor !== undefined) return canonical / factor;
  return expression.unit === '%' ? canonical * 100 : canonical;
}

/** Evaluates one parsed threshold against summary series (looked up by key). */
export function evaluateThreshold(
  expression: ThresholdExpression,
  series: readonly ThresholdSeries[],
): ThresholdVerdict {
  const base = {
    source: expression.source,
    metric: expression.metric,
    limit: expression.value,
    unit: expression.unit,
  };
  const measured = measure(
    expression,
    series.find((s) => s.key === expression.series),
  );
  if ('missing' in measured) {
    return {
      ...base,
      actual: null,
      pass: false,
      detail: `${expression.metric}: ${measured.missing}, so the threshold cannot pass`,
    };
  }
  const pass = passes(expression.op, measured.value, expression.limit);
  const detail = `${expression.metric} was ${formatCanonical(expression, measured.value)}, ${differenceText(expression, measured.value)}`;
  return { ...base, actual: inWrittenUnit(expression, measured.value), pass, detail };
}

/**
 * Evaluates thresholds (text or parsed) against a summary's series. A text that does not parse
 * gives a failed verdict saying why; the scenario loader rejects those earlier anyway.
 */
export function evaluateThresholds(
  series: readonly ThresholdSeries[],
  expressions: readonly (string | ThresholdExpression)[],
): ThresholdVerdict[] {
  return expressions.map((item) => {
    const parsed = typeof item === 'string' ? parseThreshold(item) : ({ ok: true, value: item } as const);
    if (!parsed.ok) {
      const source = item as string;
      return { source, metric: source, actual: null, limit: 0, unit: '', pass: false, detail: parsed.error };
    }
    return evaluateThreshold(parsed.value, series);
  });
}

/** True when every verdict passed (an empty list passes). */
export const allThresholdsPass = (verdicts: readonly ThresholdVerdict[]): boolean =>
  verdicts.every((v) => v.pass);
