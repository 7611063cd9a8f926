import { type Histogram, Int32Histogram } from 'hdr-histogram-js';

/**
 * A histogram's non-empty buckets as two typed arrays: how histograms cross a thread. Posting
 * it is a copy (structured clone of typed arrays), adding it touches only those buckets; the
 * compressed base64 form cost a deflate on the sender and an inflate plus a 23,552-bucket add
 * on the receiver, most of a multi-threaded sim's coordinator time.
 */
export interface HistogramCounts {
  /** Counts-array indices of the non-empty buckets, ascending. */
  readonly indices: Uint32Array;
  readonly counts: Float64Array;
}

const EMPTY_COUNTS: HistogramCounts = { indices: new Uint32Array(0), counts: new Float64Array(0) };

export function countsOf(histogram: Histogram): HistogramCounts {
  if (histogram.totalCount === 0) return EMPTY_COUNTS;
  const house = houseHistogram(histogram);
  const counts = house._counts;
  const top = Math.min(counts.length - 1, house.countsArrayIndex(house.maxValue));
  let nonEmpty = 0;
  for (let i = 0; i <= top; i++) if (counts[i] !== 0) nonEmpty++;
  const out = { indices: new Uint32Array(nonEmpty), counts: new Float64Array(nonEmpty) };
  let at = 0;
  for (let i = 0; i <= top; i++) {
    const count = counts[i] as number;
    if (count === 0) continue;
    out.indices[at] = i;
    out.counts[at++] = count;
  }
  return out;
}

/**
 * `into += from`. The tracked max and min become the top and bottom buckets' bounds: every
 * figure is read from the counts (decision 0004), these only bound the scans.
 */
export function addCounts(into: Histogram, from: HistogramCounts): void {
  const size = from.indices.length;
  if (size === 0) return;
  const house = houseHistogram(into);
  const counts = house._counts;
  let total = 0;
  for (let i = 0; i < size; i++) {
    const index = from.indices[i] as number;
    const count = from.counts[i] as number;
    counts[index] = (counts[index] as number) + count;
    total += count;
  }
  house.setTotalCount(house.totalCount + total);
  const top = house.highestEquivalentValue(valueAtIndex(house, from.indices[size - 1] as number));
  if (top > house.maxValue) house.maxValue = top;
  // Bucket 0 holds zeros, which never set the minimum non-zero value (as in the library).
  const lowest = from.indices[0] === 0 ? from.indices[1] : from.indices[0];
  if (lowest === undefined) return;
  const bottom = house.lowestEquivalentValue(valueAtIndex(house, lowest));
  if (bottom < house.minNonZeroValue) house.minNonZeroValue = bottom;
}

function houseHistogram(histogram: Histogram): Int32Histogram {
  if (!(histogram instanceof Int32Histogram))
    throw new TypeError('histogram counts cross threads only between histograms of the house settings');
  return histogram;
}

/** The lowest value of counts-array bucket `index` (the library's valueFromIndex, which is not public). */
export function valueAtIndex(histogram: Int32Histogram, index: number): number {
  const half = histogram.subBucketHalfCount;
  let bucket = Math.floor(index / half) - 1;
  let subBucket = (index % half) + half;
  if (bucket < 0) {
    subBucket -= half;
    bucket = 0;
  }
  return subBucket * 2 ** (bucket + histogram.unitMagnitude);
}
