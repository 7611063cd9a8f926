/** A column of a plain-text table; lower `priority` columns are dropped first when the width is short. */
export interface TextColumn {
  readonly header: string;
  readonly align: 'left' | 'right';
  readonly priority: number;
}

export interface TableLayout {
  /** Indices of the columns kept, in order. */
  readonly keep: readonly number[];
  readonly widths: readonly number[];
}

const GAP = 2;

/** Column widths from headers and cells; drops low-priority columns until the table fits `maxWidth`. */
export function layoutTable(
  columns: readonly TextColumn[],
  rows: readonly (readonly string[])[],
  maxWidth?: number,
): TableLayout {
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  let keep = columns.map((_, i) => i);
  const total = (indices: readonly number[]) => indices.reduce((sum, i) => sum + widths[i]! + GAP, 0);
  if (maxWidth !== undefined) {
    const byPriority = [...keep]
      .filter((i) => columns[i]!.priority > 0)
      .sort((a, b) => columns[a]!.priority - columns[b]!.priority || b - a);
    while (total(keep) > maxWidth && byPriority.length > 0) {
      const drop = byPriority.shift()!;
      keep = keep.filter((i) => i !== drop);
    }
  }
  return { keep, widths };
}

/** One row of cells, padded and aligned per the layout (no trailing spaces). */
export function renderTableRow(
  columns: readonly TextColumn[],
  layout: TableLayout,
  cells: readonly string[],
  indent = '',
): string {
  const parts = layout.keep.map((i) => {
    const text = cells[i] ?? '';
    const width = layout.widths[i]!;
    return columns[i]!.align === 'right' ? text.padStart(width) : text.padEnd(width);
  });
  return `${indent}${parts.join(' '.repeat(GAP))}`.trimEnd();
}

/** Numbers as people read them in a terminal: 12,345 (fixed en-US separators, so output does not depend on locale). */
export const countText = (n: number): string => Math.round(n).toLocaleString('en-US');
export const rateText = (perSecond: number): string =>
  perSecond >= 100 ? countText(perSecond) : perSecond.toFixed(perSecond >= 10 ? 1 : 2);
export const shareText = (fraction: number): string =>
  `${(fraction * 100).toFixed(fraction > 0 && fraction < 0.001 ? 3 : 2)}%`;
export const bytesText = (bytes: number): string =>
  bytes >= 1e9
    ? `${(bytes / 1e9).toFixed(2)} GB`
    : bytes >= 1e6
      ? `${(bytes / 1e6).toFixed(1)} MB`
      : bytes >= 1e3
        ? `${(bytes / 1e3).toFixed(1)} kB`
        : `${bytes} B`;
