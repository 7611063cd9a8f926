import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
  Int32Histogram,
  JsHistogram,
} from 'hdr-histogram-js';

import { encodeCompressedV2 } from './hdr-encoding.js';
import { addCounts, countsOf, type HistogramCounts, valueAtIndex } from './histogram-counts.js';

export type { Histogram } from 'hdr-histogram-js';
// Histograms cross threads as their counts; re-exported so the settings module stays the one door.
export { addCounts, countsOf, type HistogramCounts } from './histogram-counts.js';

/**
 * The one place HDR histogram settings are chosen: values are microseconds, from 1 µs to
 * 1 hour, with 3 significant digits (0.1 % value precision). 32-bit counts: a bucket would
 * need 4·10⁹ samples of one value to overflow, and they halve memory against 64-bit.
 */
export const HDR_LOWEST_US = 1;
export const HDR_HIGHEST_US = 3_600_000_000;
export const HDR_SIGNIFICANT_DIGITS = 3;
const BIT_BUCKET_SIZE = 32;

/** What makes two histograms addable without re-quantising: their range and precision. */
export interface HdrSettings {
  readonly lowestUs: number;
  readonly highestUs: number;
  readonly significantDigits: number;
}

export const HOUSE_HDR_SETTINGS: HdrSettings = {
  lowestUs: HDR_LOWEST_US,
  highestUs: HDR_HIGHEST_US,
  significantDigits: HDR_SIGNIFICANT_DIGITS,
};

/** The settings an encoded histogram was recorded with (the encoding's header carries them). */
export function hdrSettingsOf(base64: string): HdrSettings {
  const decoded = decodeFromCompressedBase64(base64, BIT_BUCKET_SIZE, false);
  if (!(decoded instanceof JsHistogram))
    throw new TypeError('hdr-histogram-js decoded into a histogram without its settings');
  return {
    lowestUs: decoded.lowestDiscernibleValue,
    highestUs: decoded.highestTrackableValue,
    significantDigits: decoded.numberOfSignificantValueDigits,
  };
}

export const sameHdrSettings = (a: HdrSettings, b: HdrSettings): boolean =>
  a.lowestUs === b.lowestUs && a.highestUs === b.highestUs && a.significantDigits === b.significantDigits;

export function hdrSettingsText(settings: HdrSettings): string {
  return `${settings.lowestUs} µs to ${settings.highestUs} µs, ${settings.significantDigits} significant digits`;
}

export function createHistogram(): Histogram {
  return build({
    lowestDiscernibleValue: HDR_LOWEST_US,
    highestTrackableValue: HDR_HIGHEST_US,
    numberOfSignificantValueDigits: HDR_SIGNIFICANT_DIGITS,
    bitBucketSize: BIT_BUCKET_SIZE,
    autoResize: false,
    useWebAssembly: false,
  });
}

/** Values outside the trackable range are clamped (and the caller counts them), never dropped. */
export function clampToTrackableUs(valueUs: number): number {
  if (!(valueUs >= HDR_LOWEST_US)) return HDR_LOWEST_US;
  return valueUs > HDR_HIGHEST_US ? HDR_HIGHEST_US : Math.round(valueUs);
}

export function encodeHistogram(histogram: Histogram): string {
  return histogram instanceof Int32Histogram
    ? encodeCompressedV2(histogram)
    : encodeIntoCompressedBase64(histogram);
}

/** Decodes into a histogram with the house settings, so every merge target has the same range. */
export function decodeHistogram(base64: string): Histogram {
  const decoded = decodeFromCompressedBase64(base64, BIT_BUCKET_SIZE, false);
  const histogram = createHistogram();
  histogram.add(decoded);
  histogram.startTimeStampMsec = decoded.startTimeStampMsec;
  histogram.endTimeStampMsec = decoded.endTimeStampMsec;
  histogram.tag = decoded.tag;
  return histogram;
}

/**
 * The same counts in a fresh histogram: its tracked min and max come from the counts (bucket
 * bounds), not from the raw values recorded, so any way of gathering the counts prints alike.
 */
export function countsOnly(histogram: Histogram): Histogram {
  // Over the non-empty buckets: a round trip through the encoded form rescans the whole range.
  if (!(histogram instanceof Int32Histogram)) return decodeHistogram(encodeHistogram(histogram));
  const fresh = createHistogram();
  addCounts(fresh, countsOf(histogram));
  return fresh;
}

/** Map entries in key order: the files never show the order in which series were merged. */
export function byKey<K extends string, V>(map: ReadonlyMap<K, V>): [K, V][] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One bucket a histogram recorded values in: the bucket's highest equivalent value (µs) and its count. */
export interface RecordedBucket {
  readonly valueUs: number;
  readonly count: number;
}

/** Every non-empty bucket, in value order (for tests on whole distributions, e.g. Kolmogorov–Smirnov). */
export function recordedBuckets(histogram: Histogram): RecordedBucket[] {
  const out: RecordedBucket[] = [];
  if (!(histogram instanceof JsHistogram))
    throw new TypeError('recordedBuckets needs a histogram of the house settings (JsHistogram)');
  const iterator = histogram.recordedValuesIterator;
  iterator.reset();
  while (iterator.hasNext()) {
    const step = iterator.next();
    out.push({ valueUs: step.valueIteratedTo, count: step.countAtValueIteratedTo });
  }
  return out;
}

/**
 * `into += from` for two histograms of the house settings, over the counts arrays themselves up
 * to `from`'s highest non-empty bucket: the library's `add` walks all 23,552 buckets through a
 * method call each, which was most of a simulated day's interval work. Anything else falls
 * back to `add`. A property test pins it to `add`.
 */
export function addHistogram(into: Histogram, from: Histogram): void {
  if (from.totalCount === 0) return;
  if (
    !(into instanceof Int32Histogram) ||
    !(from instanceof Int32Histogram) ||
    into._counts.length !== from._counts.length
  ) {
    into.add(from);
    return;
  }
  const target = into._counts;
  const source = from._counts;
  const top = Math.min(source.length - 1, from.countsArrayIndex(from.maxValue));
  for (let i = 0; i <= top; i++) {
    const count = source[i] as number;
    if (count !== 0) target[i] = (target[i] as number) + count;
  }
  into.setTotalCount(into.totalCount + from.totalCount);
  if (from.maxValue > into.maxValue) into.maxValue = from.maxValue;
  if (from.minNonZeroValue < into.minNonZeroValue) into.minNonZeroValue = from.minNonZeroValue;
}

/** Empties a histogram, clearing its counts only up to its highest non-empty bucket. */
export function resetHistogram(histogram: Histogram): void {
  if (!(histogram instanceof Int32Histogram)) {
    histogram.reset();
    return;
  }
  const counts = histogram._counts;
  if (histogram.totalCount > 0) {
    const end = Math.min(counts.length, histogram.countsArrayIndex(histogram.maxValue) + 1);
    if (counts instanceof Uint32Array || counts instanceof Int32Array) counts.fill(0, 0, end);
    else counts.fill(0);
  }
  histogram.setTotalCount(0);
  histogram.maxValue = 0;
  histogram.minNonZeroValue = Number.MAX_SAFE_INTEGER;
  histogram.startTimeStampMsec = 0;
  histogram.endTimeStampMsec = 0;
}

/** `histogram` emptied and holding exactly `counts`: how a thread receives counts into one histogram it reuses. */
export function refillFromCounts(histogram: Histogram, counts: HistogramCounts): Histogram {
  resetHistogram(histogram);
  addCounts(histogram, counts);
  return histogram;
}

/**
 * Records one value (µs, clamped to the trackable range), the hot path of every engine. For
 * the house settings (1 µs resolution, values below 2³²) the bucket index comes from one
 * count-leading-zeros and one shift, where the library takes a log2, two powers and four calls;
 * anything else goes through `recordValue`. A property test pins it to `recordValue`.
 */
export function recordUs(histogram: Histogram, valueUs: number): void {
  const value = clampToTrackableUs(valueUs);
  if (!(histogram instanceof Int32Histogram) || histogram.unitMagnitude !== 0) {
    histogram.recordValue(value);
    return;
  }
  const magnitude = histogram.subBucketHalfCountMagnitude;
  const bucket = Math.max(31 - Math.clz32(value) - magnitude, 0);
  const index = (bucket << magnitude) + (value >>> bucket);
  const counts = histogram._counts;
  counts[index] = (counts[index] as number) + 1;
  histogram._totalCount += 1;
  if (value > histogram.maxValue) histogram.maxValue = value;
  if (value < histogram.minNonZeroValue) histogram.minNonZeroValue = value;
}

/**
 * A percentile of a histogram (µs), read from its counts only — the bucket's highest equivalent
 * value, as HdrHistogram reports percentiles. Min and max are read the same way (percentiles 0
 * and 100), never from the raw extremes a histogram tracks as values arrive: those differ
 * between a histogram recorded directly and the same counts decoded or merged, and every
 * figure must be the same bytes whichever way the counts were gathered (decision 0004).
 */
export function valueAtPercentileUs(histogram: Histogram, percentile: number): number {
  return histogram.getValueAtPercentile(percentile);
}

/**
 * Several percentiles (µs) in one scan of the counts, each exactly what valueAtPercentileUs
 * returns: the library scans from the first bucket for every percentile it is asked, which made
 * the summaries of a simulated day's intervals a tenth of its run time. Empty histogram: zeros.
 */
export function percentilesUsOf(histogram: Histogram, percentiles: readonly number[]): number[] {
  const out = percentiles.map(() => 0);
  const total = histogram.totalCount;
  if (total === 0) return out;
  if (!(histogram instanceof Int32Histogram))
    return percentiles.map((p) => valueAtPercentileUs(histogram, p));
  const wanted = percentiles
    .map((p, at) => ({ at, p, count: countAtPercentile(p, total) }))
    .sort((a, b) => a.count - b.count);
  const counts = histogram._counts;
  const top = Math.min(counts.length - 1, histogram.countsArrayIndex(histogram.maxValue));
  let next = 0;
  let cumulative = 0;
  for (let i = 0; i <= top && next < wanted.length; i++) {
    const count = counts[i] as number;
    if (count === 0) continue;
    cumulative += count;
    while (next < wanted.length && cumulative >= (wanted[next] as { count: number }).count) {
      const { at, p } = wanted[next] as { at: number; p: number };
      const value = valueAtIndex(histogram, i);
      out[at] = p === 0 ? histogram.lowestEquivalentValue(value) : histogram.highestEquivalentValue(value);
      next++;
    }
  }
  return out;
}

/** The library's rank for a percentile: rounded up, with a one-ulp guard against fp error, at least 1. */
function countAtPercentile(percentile: number, total: number): number {
  const fp = (Math.min(percentile, 100) / 100) * total;
  return Math.max(Math.ceil(fp - 2 ** (Math.floor(Math.log2(fp)) - 52)), 1);
}

/** The mean (µs) as the library computes it (each bucket at its median equivalent value), in one scan of the counts. */
export function meanUsOf(histogram: Histogram): number {
  const total = histogram.totalCount;
  if (total === 0) return 0;
  if (!(histogram instanceof Int32Histogram)) return histogram.mean;
  const counts = histogram._counts;
  const top = Math.min(counts.length - 1, histogram.countsArrayIndex(histogram.maxValue));
  let sum = 0;
  for (let i = 0; i <= top; i++) {
    const count = counts[i] as number;
    if (count === 0) continue;
    sum += histogram.medianEquivalentValue(valueAtIndex(histogram, i)) * count;
  }
  return sum / total;
}
