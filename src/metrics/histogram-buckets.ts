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
 * Adds every value of `histogram` into `tally` in one pass over its counts array up to the
 * recorded max (the cost follows the histogram's range, never the number of operations). A
 * sub-bucket counts under a bound when its lowest value is ≤ the bound, i.e. its index is ≤ the
 * bound's index: exact below 2,048 µs (1 µs sub-buckets); above, a bucket may hold values up to
 * 0.1 % over its bound, the histograms' stated precision. The sum uses each sub-bucket's middle
 * value, as HdrHistogram's mean does. `boundsUs` must ascend.
 */
export function addToBucketTally(tally: BucketTally, histogram: Histogram, boundsUs: readonly number[]): void {
  if (histogram.totalCount === 0) return;
  if (!(histogram instanceof JsHistogram)) throw new TypeError('bucket counts need a JsHistogram (hdr-settings builds them without WebAssembly)');
  const lastIndex = histogram.countsArrayIndex(histogram.maxValue);
  const boundIndex = (bucket: number) => (bucket < boundsUs.length ? histogram.countsArrayIndex(boundsUs[bucket] ?? 0) : Number.POSITIVE_INFINITY);
  const middle = middleValues(histogram);
  let bucket = 0;
  let upTo = boundIndex(0);
  for (let index = 0; index <= lastIndex; index++) {
    const n = histogram.getCountAtIndex(index);
    if (n === 0) continue;
    while (index > upTo) upTo = boundIndex(++bucket);
    tally.perBucket[bucket] = (tally.perBucket[bucket] ?? 0) + n;
    tally.sumUs += n * middle(index);
    tally.count += n;
  }
}

/**
 * The middle value of the sub-bucket at an index (HdrHistogram's medianEquivalentValue) without
 * its logarithms per call: the counts array comes in runs of `subBucketHalfCount` equally wide
 * sub-buckets, so each run's start and width are computed once.
 */
function middleValues(histogram: JsHistogram): (index: number) => number {
  const run = histogram.subBucketHalfCount;
  let runStart = -1;
  let base = 0;
  let width = 0;
  return (index) => {
    const start = index - (index % run);
    if (start !== runStart) {
      runStart = start;
      base = histogram.valueFromIndex(start);
      width = histogram.valueFromIndex(start + 1) - base;
    }
    return base + (index - start) * width + Math.floor(width / 2);
  };
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
