import type { TopLevelSpec } from 'vega-lite';
import { PLOT_HEIGHT, PLOT_WIDTH } from './render-svg.js';

/**
 * The study's charts as vega-lite specs over plain rows (the study builds the rows): service
 * slots vs scale, the tornado of the headline ratio, and each quota knee's logistic fit.
 */

export interface SlotCurveRow {
  readonly users: number;
  readonly series: string;
  readonly slots: number;
}

export interface SlotSimRow {
  readonly users: number;
  readonly series: string;
  readonly slots: number;
  readonly verdict: string;
}

/** Slots each shape needs vs enrolled users, log–log: the approximation as lines, the sim checks as points. */
export function slotsVsScaleSpec(curve: readonly SlotCurveRow[], sim: readonly SlotSimRow[], slo: string): TopLevelSpec {
  const x = { field: 'users', type: 'quantitative', title: 'enrolled users (log)', scale: { type: 'log' }, axis: { format: '~s' } } as const;
  const y = { field: 'slots', type: 'quantitative', title: `slots meeting ${slo} (log)`, scale: { type: 'log' } } as const;
  return {
    title: `Service slots at each shape's peak hour, quota off (${slo})`,
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    layer: [
      { data: { values: curve }, mark: { type: 'line', point: true }, encoding: { x, y, color: { field: 'series', type: 'nominal', title: null } } },
      {
        data: { values: sim },
        mark: { type: 'point', shape: 'diamond', size: 120, filled: false, strokeWidth: 2 },
        encoding: { x, y, color: { field: 'series', type: 'nominal', title: null }, tooltip: [{ field: 'verdict' }] },
      },
    ],
  } as TopLevelSpec;
}

export interface TornadoBar {
  readonly parameter: string;
  readonly atLow: number;
  readonly atHigh: number;
}

/** One bar per parameter from the ratio at its low end to the ratio at its high end (log axis), longest first; the rule is the ratio as written. */
export function tornadoSpec(bars: readonly TornadoBar[], base: number, title: string): TopLevelSpec {
  const order = bars.map((b) => b.parameter);
  const values = bars.map((b) => ({ ...b, lo: Math.min(b.atLow, b.atHigh), hi: Math.max(b.atLow, b.atHigh) }));
  const ends = values.flatMap((v) => [v.lo, v.hi]).concat(base);
  const domain = [Math.min(...ends) / 1.2, Math.max(...ends) * 1.2];
  const x = { type: 'quantitative', scale: { type: 'log', domain }, axis: { format: '~g', labelExpr: "'×' + datum.label" } } as const;
  return {
    title,
    width: PLOT_WIDTH - 160,
    height: { step: 18 },
    layer: [
      {
        data: { values },
        mark: { type: 'bar', color: '#4c78a8' },
        encoding: { y: { field: 'parameter', type: 'nominal', sort: order, title: null, axis: { labelLimit: 320 } }, x: { field: 'lo', ...x, title: 'ratio over the parameter’s range (log)' }, x2: { field: 'hi' } },
      },
      { data: { values: [{ base }] }, mark: { type: 'rule', color: '#333', strokeDash: [4, 3] }, encoding: { x: { field: 'base', ...x } } },
    ],
  } as TopLevelSpec;
}

export interface KneePointRow {
  readonly users: number;
  readonly pass: number;
  readonly series: string;
}

export interface KneeCurveRow {
  readonly users: number;
  readonly probability: number;
  readonly series: string;
}

/** Pass (1) / fail (0) of every probe vs population, and the fitted P(pass) where the fit has a slope. */
export function kneeSpec(points: readonly KneePointRow[], curves: readonly KneeCurveRow[]): TopLevelSpec {
  const x = { field: 'users', type: 'quantitative', title: 'enrolled users (log)', scale: { type: 'log' }, axis: { format: '~s' } } as const;
  return {
    title: 'Quota probes: pass / fail and the logistic fit of P(pass)',
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT - 60,
    layer: [
      { data: { values: curves }, mark: { type: 'line' }, encoding: { x, y: { field: 'probability', type: 'quantitative', title: 'P(pass)' }, color: { field: 'series', type: 'nominal', title: null } } },
      { data: { values: points }, mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y: { field: 'pass', type: 'quantitative' }, color: { field: 'series', type: 'nominal', title: null } } },
    ],
  } as TopLevelSpec;
}
