import { AggregatorRegistry, Registry } from 'prom-client';
import { usToSeconds } from '../units.js';
import { type BucketTally, cumulativeCounts } from '../metrics/histogram-buckets.js';

/**
 * Metric families as prom-client's JSON form (what `registry.getMetricsAsJSON()` gives and
 * `AggregatorRegistry.aggregate` reads back). chatload keeps its own plain state (counters that
 * add per interval, bucket tallies from HDR histograms) and renders it to this form on each
 * scrape or push; prom-client writes the exposition text, escapes labels and pushes. The
 * typings ship `type` as a numeric enum while the runtime uses these strings, hence this type.
 */
export type Labels = Readonly<Record<string, string>>;

export interface SampleJson {
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
  /** For histograms: `<name>_bucket`, `_sum`, `_count`. */
  readonly metricName?: string;
}

export interface MetricFamilyJson {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly aggregator: 'sum';
  readonly values: readonly SampleJson[];
}

export function counterJson(name: string, help: string, samples: Iterable<readonly [Labels, number]>): MetricFamilyJson {
  return { name, help, type: 'counter', aggregator: 'sum', values: [...samples].map(([labels, value]) => ({ labels, value })) };
}

export function gaugeJson(name: string, help: string, samples: Iterable<readonly [Labels, number]>): MetricFamilyJson {
  return { name, help, type: 'gauge', aggregator: 'sum', values: [...samples].map(([labels, value]) => ({ labels, value })) };
}

/** A classic histogram family from bucket tallies (µs bounds, written as seconds). */
export function histogramJson(name: string, help: string, boundsUs: readonly number[], tallies: Iterable<readonly [Labels, BucketTally]>): MetricFamilyJson {
  const values: SampleJson[] = [];
  for (const [labels, tally] of tallies) {
    const cumulative = cumulativeCounts(tally);
    for (const [i, boundUs] of boundsUs.entries()) {
      values.push({ labels: { ...labels, le: usToSeconds(boundUs) }, value: cumulative[i] ?? 0, metricName: `${name}_bucket` });
    }
    values.push({ labels: { ...labels, le: '+Inf' }, value: tally.count, metricName: `${name}_bucket` });
    values.push({ labels, value: usToSeconds(tally.sumUs), metricName: `${name}_sum` });
    values.push({ labels, value: tally.count, metricName: `${name}_count` });
  }
  return { name, help, type: 'histogram', aggregator: 'sum', values };
}

/** A prom-client registry holding these families (families with no sample keep HELP and TYPE). */
export function registryOf(families: readonly MetricFamilyJson[]): Registry {
  // aggregate() reads one array per source process; one source, so every value passes unchanged.
  return AggregatorRegistry.aggregate([families]);
}

/** Several registries as one exposition (names must not collide). */
export function mergeRegistries(registries: readonly Registry[]): Registry {
  return Registry.merge([...registries]);
}
