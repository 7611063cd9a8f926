import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
  JsHistogram,
} from 'hdr-histogram-js';

export type { Histogram } from 'hdr-histogram-js';

/**
 * The one place HDR histogram settings are chosen: values are microseconds, from 1 µs to
 * 1 hour, with 3 significant digits (0.1 % value precision). 32-bit counts: a bucket would
 * need 4·10⁹ samples of one value to overflow, and they halve memory against 64-bit.
 */
export const HDR_LOWEST_US = 1;
export const HDR_HIGHEST_US = 3_600_000_000;
export const HDR_SIGNIFICANT_DIGITS = 3;
const BIT_BUCKET_SIZE = 32;

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
  return encodeIntoCompressedBase64(histogram);
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
  return decodeHistogram(encodeHistogram(histogram));
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
  if (!(histogram instanceof JsHistogram)) throw new TypeError('recordedBuckets needs a histogram of the house settings (JsHistogram)');
  const iterator = histogram.recordedValuesIterator;
  iterator.reset();
  while (iterator.hasNext()) {
    const step = iterator.next();
    out.push({ valueUs: step.valueIteratedTo, count: step.countAtValueIteratedTo });
  }
  return out;
}
