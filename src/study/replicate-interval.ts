import { type Static, Type } from '@sinclair/typebox';
import { meanInterval } from '../report/confidence.js';

/**
 * A figure measured over replicates: its mean and 95 % Student-t interval (report/confidence.ts),
 * with the sample size. One value gives an unbounded interval, stored as nulls (JSON has no ∞).
 */
export const FigureIntervalSchema = Type.Object({
  n: Type.Integer({ minimum: 0 }),
  /** null when there is no value (or only quotients by 0). */
  mean: Type.Union([Type.Number(), Type.Null()]),
  sd: Type.Number({ minimum: 0 }),
  low: Type.Union([Type.Number(), Type.Null()]),
  high: Type.Union([Type.Number(), Type.Null()]),
});
export type FigureInterval = Static<typeof FigureIntervalSchema>;

export const CONFIDENCE_LEVEL = 0.95;

export function figureInterval(values: readonly number[]): FigureInterval {
  if (values.length === 0) return { n: 0, mean: null, sd: 0, low: null, high: null };
  const m = meanInterval(values, CONFIDENCE_LEVEL);
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return { n: m.n, mean: finite(m.mean), sd: Number.isFinite(m.sd) ? m.sd : 0, low: finite(m.low), high: finite(m.high) };
}

/** Replicate-by-replicate quotients a[i] ÷ b[i] (independent seeds paired by index) as an interval. */
export function ratioInterval(numerators: readonly number[], denominators: readonly number[]): FigureInterval {
  const n = Math.min(numerators.length, denominators.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const d = denominators[i] as number;
    if (d !== 0) ratios.push((numerators[i] as number) / d);
  }
  return figureInterval(ratios);
}

/** Whether x lies in the interval (an unbounded side always holds). */
export const withinInterval = (x: number, interval: Pick<FigureInterval, 'low' | 'high'>): boolean =>
  (interval.low === null || x >= interval.low) && (interval.high === null || x <= interval.high);
