import { JsHistogram } from 'hdr-histogram-js';
import type { Histogram } from './hdr-settings.js';

/**
 * Classic (Prometheus-style) bucket counts kept from HDR histograms: `perBucket[i]` counts the
 * values in (bound[i-1], bound[i]], and the last slot (index bounds.length) those above every
 * bound, so the running sum of `perBucket` is the cumulative `le` count and the total is `count`.
 */
export interface BucketTally {
  readonly perBucket: Float64Array;
  sumUs: number;
  count: number;
}

export function emptyBucketTally(boundsUs: readonly number[]): BucketTally {
  return { perBucket: new Float64Array(boundsUs.length + 1), sumUs: 0, count: 0 };
}

/**
 * Adds every value of `histogram` into `tally`, walking its recorded sub-buckets once (the cost
 * follows distinct recorded values, never the number of operations). A sub-bucket counts under
 * a bound when its lowest value is ≤ the bound: exact below 2,048 µs (1 µs sub-buckets); above,
 * a bucket may hold values up to 0.1 % over its bound, the histograms' stated precision. The sum
 * uses each sub-bucket's middle value, as HdrHistogram's mean does. `boundsUs` must ascend.
 */
export function addToBucketTally(tally: BucketTally, histogram: Histogram, boundsUs: readonly number[]): void {
  if (histogram.totalCount === 0) return;
  if (!(histogram instanceof JsHistogram)) throw new TypeError('bucket counts need a JsHistogram (hdr-settings builds them without WebAssembly)');
  const values = histogram.recordedValuesIterator;
  values.reset();
  let bucket = 0;
  while (values.hasNext()) {
    const step = values.next();
    const lowestUs = histogram.lowestEquivalentValue(step.valueIteratedTo);
    while (bucket < boundsUs.length && lowestUs > (boundsUs[bucket] ?? Number.POSITIVE_INFINITY)) bucket += 1;
    const n = step.countAtValueIteratedTo;
    tally.perBucket[bucket] = (tally.perBucket[bucket] ?? 0) + n;
    tally.sumUs += n * histogram.medianEquivalentValue(step.valueIteratedTo);
    tally.count += n;
  }
}

/** Cumulative counts per bound (`le`), then the total (`le="+Inf"`). */
export function cumulativeCounts(tally: BucketTally): number[] {
  const out: number[] = [];
  let running = 0;
  for (const n of tally.perBucket) {
    running += n;
    out.push(running);
  }
  return out;
}
