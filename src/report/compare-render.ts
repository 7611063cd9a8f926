import { stringify } from 'csv-stringify/sync';
import { formatDurationUs, msToUs } from '../units.js';
import type { Comparison, ComparisonRow } from './compare-model.js';
import { paintFor } from './terminal-paint.js';
import {
  bytesText,
  countText,
  layoutTable,
  rateText,
  renderTableRow,
  type TextColumn,
} from './text-table.js';

function valueText(row: ComparisonRow, value: number | null): string {
  if (value === null) return '-';
  switch (row.unit) {
    case 'ms':
      return formatDurationUs(msToUs(value));
    case '%':
      return `${value.toFixed(2)}%`;
    case 'per_s':
      return rateText(value);
    case 'bytes':
      return bytesText(value);
    default:
      return countText(value);
  }
}

export const ratioText = (ratio: number | null): string =>
  ratio === null ? '-' : `×${ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(2)}`;

const ratioHeader = (comparison: Comparison, index: number): string =>
  `${comparison.columns[index]!.label} ÷ ${comparison.columns[comparison.reference]!.label}`;
const others = (comparison: Comparison): number[] =>
  comparison.columns.map((_, i) => i).filter((i) => i !== comparison.reference);

/** The comparison as a terminal table, grouped, with ratios to the reference column. */
export function renderComparisonTable(
  comparison: Comparison,
  opts: { color: boolean; width?: number },
): string {
  const paint = paintFor(opts.color);
  const columns: TextColumn[] = [
    { header: 'metric', align: 'left', priority: 0 },
    ...comparison.columns.map((c) => ({ header: c.label, align: 'right' as const, priority: 0 })),
    ...others(comparison).map((i) => ({
      header: ratioHeader(comparison, i),
      align: 'right' as const,
      priority: 0,
    })),
  ];
  const cells = comparison.rows.map((row) => [
    `  ${row.metric}`,
    ...row.values.map((v) => valueText(row, v)),
    ...others(comparison).map((i) => ratioText(row.ratios[i] ?? null)),
  ]);
  const layout = layoutTable(columns, cells, opts.width);
  const lines = [
    paint.bold(
      renderTableRow(
        columns,
        layout,
        columns.map((c) => c.header),
      ),
    ),
  ];
  let group = '';
  comparison.rows.forEach((row, index) => {
    if (row.group !== group) {
      group = row.group;
      lines.push(paint.bold(group));
    }
    lines.push(renderTableRow(columns, layout, cells[index]!));
  });
  return `${lines.join('\n')}\n`;
}

/** comparison.csv: group, metric, unit, one value column per compared column, then the ratio columns. */
export function comparisonCsv(comparison: Comparison): string {
  const header = [
    'group',
    'metric',
    'unit',
    ...comparison.columns.map((c) => c.label),
    ...others(comparison).map((i) => `ratio ${ratioHeader(comparison, i)}`),
  ];
  const number = (v: number | null | undefined) =>
    v === null || v === undefined ? '' : String(Number(v.toFixed(6)));
  const rows = comparison.rows.map((row) => [
    row.group,
    row.metric,
    row.unit,
    ...row.values.map(number),
    ...others(comparison).map((i) => number(row.ratios[i])),
  ]);
  return stringify([header, ...rows]);
}
