import { normalCritical } from './confidence.js';

/**
 * The load multiplier per user-day of a run that played both shapes (issue 11 §6), on two bases:
 * per enrolled user-day (any user of the business) and per active user-day (a day the user writes).
 * A run counts each shape's operations over its window; the window holds a known share of a day
 * (the shape's hourly curve over the played hours, analytic), so
 *   measured per enrolled user-day = counted ÷ enrolled users ÷ (expected in the window ÷ expected in a day),
 * and per active user-day = that ÷ the shape's activity share (a run cannot tell an active user from
 * the window, so this basis converts with the scenario's share). Beside each measured figure: the
 * analytic one from the profile, and a 95 % interval from the counts' compound-Poisson noise
 * (dispersion Var/mean from the traffic model) — the noise of this window, not the uncertainty of
 * the parameters (that is `chatload profile --sensitivity`). Pure arithmetic on numbers.
 */

export const MULTIPLIER_METRICS = ['conversations', 'messagesIn', 'messagesOut', 'messagesTotal', 'platformOps', 'webhooks'] as const;
export type MultiplierMetric = (typeof MULTIPLIER_METRICS)[number];
export type ByMetric<T> = Readonly<Record<MultiplierMetric, T>>;

/** What one shape's window gives, and what the traffic model expects of it. */
export interface ShapeWindow {
  readonly shape: string;
  readonly enrolledUsers: number;
  /** Users-weighted activity share of the shape's mix entries. */
  readonly activeShare: number;
  /** Counted in the run window (offered: sent); null where not measured (webhooks with --target). */
  readonly counted: ByMetric<number | null>;
  /** Analytic, per enrolled user: over a whole day, and over the hours the run played. */
  readonly perEnrolledUserDay: ByMetric<number>;
  readonly perEnrolledUserInWindow: ByMetric<number>;
  /** Var/mean of a window count (compound Poisson; 1 = Poisson). */
  readonly dispersion: ByMetric<number>;
}

/** A measured figure and its interval; null where nothing was measured or it is undefined (0 ÷ 0). */
export interface Estimate {
  readonly value: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

export interface ShapeMetricFigures {
  readonly counted: number | null;
  /** The analytic expectation of the count over the window. */
  readonly expected: number;
  readonly perEnrolledUserDay: { readonly measured: Estimate; readonly analytic: number };
  readonly perActiveUserDay: { readonly measured: Estimate; readonly analytic: number };
}

export interface ShapeUserDay {
  readonly shape: string;
  readonly enrolledUsers: number;
  readonly activeShare: number;
  readonly metrics: ByMetric<ShapeMetricFigures>;
}

export interface MultiplierRow {
  readonly metric: MultiplierMetric;
  readonly perEnrolledUserDay: { readonly measured: Estimate; readonly analytic: number | null };
  readonly perActiveUserDay: { readonly measured: Estimate; readonly analytic: number | null };
}

export interface LoadMultiplier {
  readonly level: number;
  readonly shapes: readonly ShapeUserDay[];
  /** general-chatbot ÷ customer-service, when the run played both. */
  readonly rows: readonly MultiplierRow[];
}

const NONE: Estimate = { value: null, low: null, high: null };
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
const scaleEstimate = (e: Estimate, factor: number): Estimate => ({
  value: e.value === null ? null : finiteOrNull(e.value * factor),
  low: e.low === null ? null : finiteOrNull(e.low * factor),
  high: e.high === null ? null : finiteOrNull(e.high * factor),
});

/** A count's interval on the square-root scale (variance-stabilised, so 0 gets an upper bound): (√n ∓ z√D/2)². */
export function countInterval(count: number, dispersion: number, level: number): { readonly low: number; readonly high: number } {
  const half = (normalCritical(level) * Math.sqrt(Math.max(dispersion, 0))) / 2;
  const root = Math.sqrt(count);
  return { low: Math.max(0, root - half) ** 2, high: (root + half) ** 2 };
}

/** The ratio of two independent compound-Poisson rates: ln R ∓ z √(D₁/n₁ + D₂/n₂); none when a count is 0. */
export function ratioInterval(numerator: { count: number; dispersion: number }, denominator: { count: number; dispersion: number }, ratio: number, level: number): { readonly low: number | null; readonly high: number | null } {
  if (!(numerator.count > 0 && denominator.count > 0) || !(ratio > 0)) return { low: null, high: null };
  const half = normalCritical(level) * Math.sqrt(numerator.dispersion / numerator.count + denominator.dispersion / denominator.count);
  return { low: ratio * Math.exp(-half), high: ratio * Math.exp(half) };
}

function shapeFigures(w: ShapeWindow, metric: MultiplierMetric, level: number): ShapeMetricFigures {
  const counted = w.counted[metric];
  const perDay = w.perEnrolledUserDay[metric];
  const inWindow = w.perEnrolledUserInWindow[metric];
  const expected = inWindow * w.enrolledUsers;
  // counted ÷ users ÷ (window share of the day) = counted × perDay ÷ expected.
  const toUserDay = expected > 0 ? perDay / expected : Number.NaN;
  let measured = NONE;
  if (counted !== null && Number.isFinite(toUserDay)) {
    const band = countInterval(counted, w.dispersion[metric], level);
    measured = scaleEstimate({ value: counted, low: band.low, high: band.high }, toUserDay);
  }
  return {
    counted,
    expected,
    perEnrolledUserDay: { measured, analytic: perDay },
    perActiveUserDay: { measured: w.activeShare > 0 ? scaleEstimate(measured, 1 / w.activeShare) : NONE, analytic: w.activeShare > 0 ? perDay / w.activeShare : Number.NaN },
  };
}

function ratioRow(metric: MultiplierMetric, num: ShapeWindow, den: ShapeWindow, figures: (w: ShapeWindow) => ShapeMetricFigures, level: number): MultiplierRow {
  const a = figures(num);
  const b = figures(den);
  const enrolled = (x: number | null, y: number | null) => (x === null || y === null ? null : finiteOrNull(x / y));
  const value = enrolled(a.perEnrolledUserDay.measured.value, b.perEnrolledUserDay.measured.value);
  const band =
    value === null || a.counted === null || b.counted === null
      ? { low: null, high: null }
      : ratioInterval({ count: a.counted, dispersion: num.dispersion[metric] }, { count: b.counted, dispersion: den.dispersion[metric] }, value, level);
  const measured: Estimate = { value, ...band };
  const shareRatio = num.activeShare / den.activeShare;
  return {
    metric,
    perEnrolledUserDay: { measured, analytic: enrolled(a.perEnrolledUserDay.analytic, b.perEnrolledUserDay.analytic) },
    perActiveUserDay: {
      measured: shareRatio > 0 && Number.isFinite(shareRatio) ? scaleEstimate(measured, 1 / shareRatio) : NONE,
      analytic: enrolled(a.perActiveUserDay.analytic, b.perActiveUserDay.analytic),
    },
  };
}

/** Per shape on both bases, and general-chatbot ÷ customer-service when both played. */
export function loadMultiplier(windows: readonly ShapeWindow[], level = 0.95): LoadMultiplier {
  const cache = new Map<ShapeWindow, Record<MultiplierMetric, ShapeMetricFigures>>();
  const figuresOf = (w: ShapeWindow) => {
    let figures = cache.get(w);
    if (figures === undefined) {
      figures = Object.fromEntries(MULTIPLIER_METRICS.map((m) => [m, shapeFigures(w, m, level)])) as Record<MultiplierMetric, ShapeMetricFigures>;
      cache.set(w, figures);
    }
    return figures;
  };
  const shapes = windows.map((w) => ({ shape: w.shape, enrolledUsers: w.enrolledUsers, activeShare: w.activeShare, metrics: figuresOf(w) }));
  const chatbot = windows.find((w) => w.shape === 'general-chatbot');
  const cs = windows.find((w) => w.shape === 'customer-service');
  const rows = chatbot === undefined || cs === undefined ? [] : MULTIPLIER_METRICS.map((m) => ratioRow(m, chatbot, cs, (w) => figuresOf(w)[m], level));
  return { level, shapes, rows };
}
