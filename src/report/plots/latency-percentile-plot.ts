import type { TopLevelSpec } from 'vega-lite';
import { decodeHistogram } from '../../metrics/hdr-settings.js';
import { usToMs } from '../../units.js';
import { valueAtPercentileUs } from '../../metrics/hdr-settings.js';
import { PLOT_HEIGHT, PLOT_WIDTH } from './render-svg.js';

/** One line of the chart: an operation's latency histogram for one shape (or one compared column). */
export interface LatencyCurve {
  readonly op: string;
  readonly group: string;
  /** Encoded HDR histogram (µs) from summary.json. */
  readonly histogram: string;
}

interface Point {
  readonly op: string;
  readonly group: string;
  readonly inverseTail: number;
  readonly percentile: number;
  readonly latencyMs: number;
}

/** Ten points per decade of 1/(1−p), up to 99.999 % or as far as the sample count supports. */
const STEPS_PER_DECADE = 10;
const MAX_INVERSE_TAIL = 100_000;

export function latencyCurvePoints(curves: readonly LatencyCurve[]): Point[] {
  const points: Point[] = [];
  for (const curve of curves) {
    const histogram = decodeHistogram(curve.histogram);
    if (histogram.totalCount === 0) continue;
    const limit = Math.min(MAX_INVERSE_TAIL, Math.max(10, histogram.totalCount));
    for (let k = 0; 10 ** (k / STEPS_PER_DECADE) <= limit; k++) {
      const inverseTail = 10 ** (k / STEPS_PER_DECADE);
      const percentile = 100 * (1 - 1 / inverseTail);
      points.push({
        op: curve.op,
        group: curve.group,
        inverseTail,
        percentile,
        latencyMs: usToMs(valueAtPercentileUs(histogram, percentile)),
      });
    }
  }
  return points;
}

const TICK_LABELS =
  "datum.value == 1 ? '0%' : datum.value == 10 ? '90%' : datum.value == 100 ? '99%' : datum.value == 1000 ? '99.9%' : datum.value == 10000 ? '99.99%' : '99.999%'";

/**
 * Latency by percentile on HdrHistogram's axis: x = 1/(1−percentile) on a log scale, so each
 * "nine" gets the same width; one line per operation (colour), one dash per shape.
 */
export function latencyPercentileSpec(
  curves: readonly LatencyCurve[],
  title = 'Latency by percentile (from intended send time)',
): TopLevelSpec {
  const points = latencyCurvePoints(curves);
  const maxTail = Math.max(10, ...points.map((p) => p.inverseTail));
  const ticks = [1, 10, 100, 1_000, 10_000, 100_000].filter((t) => t <= Math.max(10_000, maxTail));
  return {
    title,
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    data: { values: points },
    mark: { type: 'line', strokeWidth: 1.8 },
    encoding: {
      x: {
        field: 'inverseTail',
        type: 'quantitative',
        title: 'percentile',
        scale: { type: 'log', domain: [1, ticks[ticks.length - 1]!] },
        axis: { values: ticks, labelExpr: TICK_LABELS, grid: true },
      },
      y: { field: 'latencyMs', type: 'quantitative', title: 'latency (ms)' },
      color: { field: 'op', type: 'nominal', title: 'operation' },
      strokeDash: {
        field: 'group',
        type: 'nominal',
        title: 'shape',
        legend: { symbolType: 'stroke', symbolStrokeColor: '#444', symbolStrokeWidth: 1.5 },
      },
      detail: [{ field: 'op' }, { field: 'group' }],
    },
  } as TopLevelSpec;
}
