import { usToSeconds } from '../units.js';
import { type BucketTally, cumulativeCounts } from '../metrics/histogram-buckets.js';

/**
 * Metric families as plain data, rendered to the Prometheus text format (0.0.4) here. chatload
 * keeps its own state (counters that add per interval, classic bucket counts walked from each
 * interval's HDR histograms: prom-client's Histogram takes one observation at a time, and the
 * exporter is never fed per operation) and writes the text itself: one pass of string building,
 * where rendering the same ~900 samples through prom-client's registry took several ms per
 * scrape on the coordinator's thread, which the embedded mock shares.
 */
export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  readonly labels: Labels;
  readonly value: number;
  /** For histograms: `<name>_bucket`, `_sum`, `_count`; otherwise the family's name. */
  readonly name?: string;
}

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly samples: readonly Sample[];
}

export function counterFamily(name: string, help: string, samples: Iterable<readonly [Labels, number]>): MetricFamily {
  return { name, help, type: 'counter', samples: [...samples].map(([labels, value]) => ({ labels, value })) };
}

export function gaugeFamily(name: string, help: string, samples: Iterable<readonly [Labels, number]>): MetricFamily {
  return { name, help, type: 'gauge', samples: [...samples].map(([labels, value]) => ({ labels, value })) };
}

/** A classic histogram family from bucket tallies (µs bounds, written as seconds). */
export function histogramFamily(name: string, help: string, boundsUs: readonly number[], tallies: Iterable<readonly [Labels, BucketTally]>): MetricFamily {
  const samples: Sample[] = [];
  const les = boundsUs.map((us) => String(usToSeconds(us)));
  for (const [labels, tally] of tallies) {
    const cumulative = cumulativeCounts(tally);
    for (const [i, le] of les.entries()) samples.push({ name: `${name}_bucket`, labels: { ...labels, le }, value: cumulative[i] ?? 0 });
    samples.push({ name: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: tally.count });
    samples.push({ name: `${name}_sum`, labels, value: usToSeconds(tally.sumUs) });
    samples.push({ name: `${name}_count`, labels, value: tally.count });
  }
  return { name, help, type: 'histogram', samples };
}

/** The Prometheus text exposition format, version 0.0.4. Families without samples are left out. */
export function prometheusText(families: readonly MetricFamily[]): string {
  const out: string[] = [];
  for (const family of families) {
    if (family.samples.length === 0) continue;
    out.push(`# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`);
    for (const sample of family.samples) out.push(`${sample.name ?? family.name}${labelText(sample.labels)} ${valueText(sample.value)}\n`);
  }
  return out.join('');
}

export function labelText(labels: Labels): string {
  let text = '';
  for (const key in labels) text += `${text === '' ? '' : ','}${key}="${escapeLabel(labels[key] ?? '')}"`;
  return text === '' ? '' : `{${text}}`;
}

const valueText = (value: number): string => (Number.isNaN(value) ? 'NaN' : value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : String(value));
const NEEDS_ESCAPE = /[\\\n"]/;
const escapeLabel = (text: string): string =>
  NEEDS_ESCAPE.test(text) ? text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"') : text;
const escapeHelp = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
