import type { TopLevelSpec } from 'vega-lite';
import type { Comparison } from '../compare-model.js';
import { PLOT_WIDTH } from './render-svg.js';

const SHOWN_GROUPS = new Set(['load', 'operations']);
const isShown = (group: string, metric: string): boolean =>
  SHOWN_GROUPS.has(group) || (group === 'latency' && metric.endsWith(' p99')) || (group === 'errors' && metric === 'error share (all codes)');

/** The bars' data: each non-reference column's ratio to the reference, for load, operation counts, p99s and error share. */
export function multiplierBars(comparison: Comparison): { metric: string; column: string; ratio: number }[] {
  const bars: { metric: string; column: string; ratio: number }[] = [];
  for (const row of comparison.rows) {
    if (!isShown(row.group, row.metric)) continue;
    comparison.columns.forEach((column, i) => {
      const ratio = row.ratios[i];
      if (i !== comparison.reference && ratio !== null && ratio !== undefined) {
        bars.push({ metric: row.group === 'operations' ? `${row.metric} operations` : row.metric, column: column.label, ratio });
      }
    });
  }
  return bars;
}

/** Load multiplier: horizontal bars of (column ÷ reference) per metric, with a rule at ×1. */
export function multiplierSpec(comparison: Comparison): TopLevelSpec {
  const bars = multiplierBars(comparison);
  const reference = comparison.columns[comparison.reference]?.label ?? '';
  const metrics = [...new Set(bars.map((b) => b.metric))];
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
          x: { field: 'ratio', type: 'quantitative', title: `ratio to ${reference}` },
          color: { field: 'column', type: 'nominal', title: 'compared' },
        },
      },
      { data: { values: [{ one: 1 }] }, mark: { type: 'rule', color: '#333', strokeDash: [4, 3] }, encoding: { x: { field: 'one', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}
