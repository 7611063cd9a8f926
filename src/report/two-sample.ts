import { type Histogram, type RecordedBucket, recordedBuckets } from '../metrics/hdr-settings.js';

/**
 * Two-sample Kolmogorov–Smirnov test on HDR histograms: do two sets of recorded values (live
 * and simulated platform sojourns, say) come from one distribution? D is the largest gap
 * between the two empirical CDFs, walked bucket by bucket over both histograms' recorded values
 * (their 0.1 % buckets are the resolution); the p-value is the asymptotic Kolmogorov
 * distribution at √(nm/(n+m))·D, with Stephens' small-sample correction.
 */
export interface KsResult {
  readonly d: number;
  readonly pValue: number;
  readonly n: number;
  readonly m: number;
}

export function ksTwoSample(a: Histogram, b: Histogram): KsResult {
  const n = a.totalCount;
  const m = b.totalCount;
  if (n === 0 || m === 0) return { d: 0, pValue: 1, n, m };
  // Merge the two bucket lists in value order, stepping both empirical CDFs.
  const left = recordedBuckets(a);
  const right = recordedBuckets(b);
  let i = 0;
  let j = 0;
  let cdfA = 0;
  let cdfB = 0;
  let d = 0;
  while (i < left.length || j < right.length) {
    const valueA = left[i]?.valueUs ?? Number.POSITIVE_INFINITY;
    const valueB = right[j]?.valueUs ?? Number.POSITIVE_INFINITY;
    const at = Math.min(valueA, valueB);
    if (valueA === at) cdfA += (left[i++] as RecordedBucket).count / n;
    if (valueB === at) cdfB += (right[j++] as RecordedBucket).count / m;
    d = Math.max(d, Math.abs(cdfA - cdfB));
  }
  const effective = Math.sqrt((n * m) / (n + m));
  return { d, pValue: kolmogorovSurvival((effective + 0.12 + 0.11 / effective) * d), n, m };
}

/** P(K > x) for the Kolmogorov distribution: 2 Σ (−1)^(k−1) e^(−2k²x²). */
export function kolmogorovSurvival(x: number): number {
  if (x <= 0) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * x * x);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.min(1, Math.max(0, sum));
}
