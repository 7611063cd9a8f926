import { normalQuantile } from '../traffic/normal-distribution.js';

/**
 * Uncertainty of replicate results: the mean and its Student-t confidence interval, and the
 * band a Poisson count falls in. Pure functions of numbers; no randomness, no I/O.
 */

export interface MeanInterval {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1 in the denominator); 0 for one value. */
  readonly sd: number;
  readonly level: number;
  /** mean ∓ t(n − 1, (1 + level)/2) · sd / √n; ±∞ for a single value (no spread to judge from). */
  readonly low: number;
  readonly high: number;
}

/** Mean and `level` (default 95 %) confidence interval of replicate values, Student t. */
export function meanInterval(values: readonly number[], level = 0.95): MeanInterval {
  const n = values.length;
  if (n === 0) throw new RangeError('meanInterval needs at least one value');
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean, sd: 0, level, low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY };
  const sd = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1));
  const half = studentTQuantile((1 + level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, level, low: mean - half, high: mean + half };
}

/** ln Γ(x), x > 0 (Lanczos, g = 7, 9 terms: ~15 significant digits). */
export function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0] as number;
  const t = z + g + 0.5;
  for (let i = 1; i < g + 2; i += 1) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Regularised incomplete beta I_x(a, b) by its continued fraction (Lentz), the form Numerical
 * Recipes gives; used for the Student-t distribution function.
 */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const tiny = 1e-300;
  let f = 1;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = Math.abs(d) < tiny ? tiny : d;
  d = 1 / d;
  f = d;
  for (let m = 1; m <= 300; m += 1) {
    for (const numerator of [(m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)), -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))]) {
      d = 1 + numerator * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = 1 + numerator / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      f *= c * d;
    }
    if (Math.abs(c * d - 1) < 1e-15) break;
  }
  return (front * f) / a;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with `df` degrees of freedom (bisection on the CDF, to 1e-12). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  if (!(df > 0)) throw new RangeError(`df must be positive, got ${df}`);
  let low = -1;
  let high = 1;
  while (studentTCdf(low, df) > p) low *= 2;
  while (studentTCdf(high, df) < p) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12 * Math.max(1, Math.abs(high)); i += 1) {
    const mid = (low + high) / 2;
    if (studentTCdf(mid, df) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** The q-quantile of Poisson(mean): the smallest k with P(N ≤ k) ≥ q, by summing the pmf exactly. */
export function poissonQuantile(mean: number, q: number): number {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`mean must be finite and ≥ 0, got ${mean}`);
  if (mean === 0) return 0;
  // Below mean − 12√mean − 10 the mass is under 1e-30: start there.
  const start = Math.max(0, Math.floor(mean - 12 * Math.sqrt(mean) - 10));
  const logMean = Math.log(mean);
  let cumulative = 0;
  for (let k = start; ; k += 1) {
    cumulative += Math.exp(-mean + k * logMean - logGamma(k + 1));
    if (cumulative >= q - 1e-15) return k;
  }
}

/** The central `level` band of a Poisson count: [q_(1−level)/2, q_(1+level)/2]. */
export function poissonBand(mean: number, level = 0.99): { readonly low: number; readonly high: number } {
  return { low: poissonQuantile(mean, (1 - level) / 2), high: poissonQuantile(mean, (1 + level) / 2) };
}

/**
 * The band of a compound-Poisson count (Poisson arrivals of clusters, e.g. conversations each
 * adding several ops to one window): the Poisson band of the same mean, widened about the mean by
 * √dispersion (dispersion = Var/mean ≥ 1; 1 gives the Poisson band itself).
 */
export function compoundPoissonBand(mean: number, dispersion: number, level = 0.99): { readonly low: number; readonly high: number } {
  const poisson = poissonBand(mean, level);
  const widen = Math.sqrt(Math.max(1, dispersion));
  return { low: Math.floor(mean - widen * (mean - poisson.low)), high: Math.ceil(mean + widen * (poisson.high - mean)) };
}

/** The two-sided normal critical value for a level (1.96 for 95 %). */
export const normalCritical = (level: number): number => normalQuantile((1 + level) / 2);
