import { type Labels, labelText } from './metric-families.js';

/**
 * OpenMetrics 1.0 text for families whose points carry timestamps: every point of a series
 * together and in time order, families one after another, `# EOF` last — the order
 * `promtool tsdb create-blocks-from openmetrics` (and the standard) require.
 */

export interface HistogramValue {
  /** Cumulative counts per bound, in bound order. */
  readonly cumulative: readonly number[];
  readonly count: number;
  readonly sumSeconds: number;
}

export type PointValue = number | HistogramValue;

export interface OmSeries {
  readonly labels: Labels;
  readonly points: [timestampSeconds: string, value: PointValue][];
}

export interface OmFamily {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram' | 'info';
  readonly help: string;
  /** Histogram bounds as `le` label values ("0.001"). */
  readonly le?: readonly string[];
  readonly series: Map<string, OmSeries>;
}

export function omFamily(name: string, type: OmFamily['type'], help: string, le?: readonly string[]): OmFamily {
  return { name, type, help, ...(le ? { le } : {}), series: new Map() };
}

export function addPoint(family: OmFamily, labels: Labels, timestampSeconds: string, value: PointValue): void {
  const key = JSON.stringify(labels);
  let series = family.series.get(key);
  if (!series) {
    series = { labels, points: [] };
    family.series.set(key, series);
  }
  series.points.push([timestampSeconds, value]);
}

export function openMetricsText(families: Iterable<OmFamily>): string {
  const out: string[] = [];
  for (const family of families) {
    if (family.series.size === 0) continue;
    out.push(`# TYPE ${family.name} ${family.type}\n# HELP ${family.name} ${escapeHelp(family.help)}\n`);
    for (const { labels, points } of family.series.values()) {
      for (const [at, value] of points) out.push(...sampleLines(family, labels, at, value));
    }
  }
  out.push('# EOF\n');
  return out.join('');
}

function sampleLines(family: OmFamily, labels: Labels, at: string, value: PointValue): string[] {
  const { name } = family;
  if (typeof value === 'number') {
    const suffix = family.type === 'counter' ? '_total' : family.type === 'info' ? '_info' : '';
    return [`${name}${suffix}${labelText(labels)} ${value} ${at}\n`];
  }
  const lines = (family.le ?? []).map((le, i) => `${name}_bucket${labelText({ ...labels, le })} ${value.cumulative[i] ?? 0} ${at}\n`);
  lines.push(`${name}_bucket${labelText({ ...labels, le: '+Inf' })} ${value.count} ${at}\n`);
  lines.push(`${name}_count${labelText(labels)} ${value.count} ${at}\n`);
  lines.push(`${name}_sum${labelText(labels)} ${value.sumSeconds} ${at}\n`);
  return lines;
}

const escapeHelp = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
