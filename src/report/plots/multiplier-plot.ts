import type { TopLevelSpec } from 'vega-lite';
import type { Comparison } from '../compare-model.js';
import { PLOT_WIDTH } from './render-svg.js';

const SHOWN_GROUPS = new Set(['load', 'operations']);
const isShown = (group: string, metric: string): boolean =>
  SHOWN_GROUPS.has(group) ||
  (group === 'latency' && metric.endsWith(' p99')) ||
  (group === 'errors' && metric === 'error share (all codes)');

const SHORT_NAMES: Record<string, string> = {
  'messages in (inbound)': 'messages in',
  'messages out (send+template+interactive)': 'messages out',
  'error share (all codes)': 'error share',
};

/**
 * The bars' data: each non-reference column's ratio to the reference, for load, operation
 * counts, p99s and error share. Ratios of 0 cannot sit on the log axis and are left out.
 */
export function multiplierBars(comparison: Comparison): { metric: string; column: string; ratio: number }[] {
  const bars: { metric: string; column: string; ratio: number }[] = [];
  for (const row of comparison.rows) {
    if (!isShown(row.group, row.metric)) continue;
    comparison.columns.forEach((column, i) => {
      const ratio = row.ratios[i];
      if (i !== comparison.reference && ratio !== null && ratio !== undefined && ratio > 0) {
        const metric =
          row.group === 'operations' ? `${row.metric} operations` : (SHORT_NAMES[row.metric] ?? row.metric);
        bars.push({ metric, column: column.label, ratio });
      }
    });
  }
  return bars;
}

/** Load multiplier: horizontal bars from ×1 to (column ÷ reference) per metric on a log axis, so ×0.5 and ×2 look alike. */
export function multiplierSpec(comparison: Comparison): TopLevelSpec {
  const bars = multiplierBars(comparison);
  const reference = comparison.columns[comparison.reference]?.label ?? '';
  const metrics = [...new Set(bars.map((b) => b.metric))];
  const ratios = bars.map((b) => b.ratio);
  const lo = 10 ** Math.floor(Math.log10(Math.min(0.5, ...ratios)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(2, ...ratios)));
  // 1-2-5 ticks per decade; the log axis's own minor ticks would carry empty labels.
  const ticks: number[] = [];
  for (let decade = lo; decade < hi; decade *= 10)
    ticks.push(...[1, 2, 5].map((m) => Number((m * decade).toPrecision(6))));
  ticks.push(hi);
  return {
    title: `Load multiplier (÷ ${reference})`,
    width: PLOT_WIDTH - 200,
    height: { step: 16 },
    layer: [
      {
        data: { values: bars },
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'metric', type: 'nominal', sort: metrics, title: null, axis: { labelLimit: 260 } },
          yOffset: { field: 'column' },
          x: {
            field: 'ratio',
            type: 'quantitative',
            title: `ratio to ${reference} (log)`,
            scale: { type: 'log', domain: [lo, hi] },
            axis: { values: ticks, format: '~g', labelExpr: "'×' + datum.label" },
          },
          x2: { datum: 1 },
          color: { field: 'column', type: 'nominal', title: 'compared' },
        },
      },
      {
        data: { values: [{ one: 1 }] },
        mark: { type: 'rule', color: '#333', strokeDash: [4, 3] },
        encoding: { x: { field: 'one', type: 'quantitative', scale: { type: 'log', domain: [lo, hi] } } },
      },
    ],
  } as TopLevelSpec;
}
