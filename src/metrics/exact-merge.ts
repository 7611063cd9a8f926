import { addPlatformStats, type PlatformStats } from '../platform/platform-stats.js';
import { addCounts, addHistogram, createHistogram, type Histogram, resetHistogram } from './hdr-settings.js';
import type { SeriesCounters, SeriesSnapshot } from './interval-snapshot.js';
import { addWebhookShapeTally, shapeTallyOf, type WebhookTally, emptyWebhookTally } from './webhook-tally.js';

/**
 * The one exact merge (decision 0001), used for worker snapshots, sim clusters and shards:
 * histograms add (one HDR settings module, so `add` never re-quantises), counters add, webhook
 * tallies add, platform statistics add. Percentiles are only ever read from merged histograms.
 */

/** The measures every series records: latency from intended time, service from actual send, lateness, platform sojourn. */
export const MEASURES = ['latency', 'service', 'lateness', 'platform'] as const;
export type Measure = (typeof MEASURES)[number];

/** Histograms and counters of one series, merged over workers (and over intervals for totals). */
export interface SeriesAggregate {
  readonly latency: Histogram;
  readonly service: Histogram;
  readonly lateness: Histogram;
  readonly platform: Histogram;
  readonly counters: SeriesCounters;
}

export function emptyCounters(): SeriesCounters {
  return {
    count: 0,
    errors: 0,
    errorsByCode: {},
    sent: 0,
    conversationsStarted: 0,
    bytesSent: 0,
    bytesReceived: 0,
  };
}

export function addCounters(into: SeriesCounters, from: SeriesCounters): void {
  into.count += from.count;
  into.errors += from.errors;
  into.sent += from.sent;
  into.conversationsStarted += from.conversationsStarted;
  into.bytesSent += from.bytesSent;
  into.bytesReceived += from.bytesReceived;
  for (const [code, n] of Object.entries(from.errorsByCode))
    into.errorsByCode[code] = (into.errorsByCode[code] ?? 0) + n;
}

export function emptySeriesAggregate(): SeriesAggregate {
  return {
    latency: createHistogram(),
    service: createHistogram(),
    lateness: createHistogram(),
    platform: createHistogram(),
    counters: emptyCounters(),
  };
}

/** Empties a series' histograms and counters in place. */
export function resetAggregate(current: SeriesAggregate): void {
  for (const measure of MEASURES) resetHistogram(current[measure]);
  const counters = current.counters;
  counters.count = 0;
  counters.errors = 0;
  counters.errorsByCode = {};
  counters.sent = 0;
  counters.conversationsStarted = 0;
  counters.bytesSent = 0;
  counters.bytesReceived = 0;
}

/** Adds `from` into `into`. */
export function addSeriesAggregate(into: SeriesAggregate, from: SeriesAggregate): void {
  for (const measure of MEASURES) addHistogram(into[measure], from[measure]);
  addCounters(into.counters, from.counters);
}

/** Adds one worker's series snapshot into every target. */
export function addSnapshotInto(targets: readonly SeriesAggregate[], data: SeriesSnapshot): void {
  for (const measure of MEASURES) {
    const counts = data[measure];
    if (counts === undefined) continue;
    for (const target of targets) addCounts(target[measure], counts);
  }
  for (const target of targets) addCounters(target.counters, data);
}

/** The histogram of all values recorded into any of the inputs. */
export function mergeHistograms(histograms: Iterable<Histogram>): Histogram {
  const merged = createHistogram();
  for (const histogram of histograms) addHistogram(merged, histogram);
  return merged;
}

/** Series maps merged key by key, in the order given (so the result is the same bytes for the same inputs). */
export function mergeSeriesMaps<K extends string>(
  parts: readonly ReadonlyMap<K, SeriesAggregate>[],
): Map<K, SeriesAggregate> {
  const merged = new Map<K, SeriesAggregate>();
  for (const part of parts) {
    for (const [key, series] of part) {
      let into = merged.get(key);
      if (into === undefined) {
        into = emptySeriesAggregate();
        merged.set(key, into);
      }
      addSeriesAggregate(into, series);
    }
  }
  return merged;
}

export function mergeWebhookTallies(parts: readonly WebhookTally[]): WebhookTally {
  const merged = emptyWebhookTally();
  for (const part of parts) {
    merged.posts += part.posts;
    merged.bytes += part.bytes;
    merged.rejectedPosts += part.rejectedPosts;
    merged.malformedPosts += part.malformedPosts;
    merged.handshakes += part.handshakes;
    merged.handshakesRefused += part.handshakesRefused;
    for (const [shape, entry] of part.shapes) addWebhookShapeTally(shapeTallyOf(merged, shape), entry);
  }
  return merged;
}

/** Platform statistics of independent platforms (clusters, sim shards) added; the first is the base. */
export function mergePlatformStats(parts: readonly PlatformStats[]): PlatformStats | undefined {
  const [first, ...rest] = parts;
  if (first === undefined) return undefined;
  const merged = structuredClone(first);
  for (const part of rest) addPlatformStats(merged, part);
  return merged;
}
