import type { TopLevelSpec } from 'vega-lite';
import type { CapacityStep } from '../capacity-schema.js';
import { PLOT_HEIGHT, PLOT_WIDTH } from './render-svg.js';

const VERDICT_COLORS = { domain: ['pass', 'fail'], range: ['#107c10', '#d13438'] };

interface Point {
  readonly users: number;
  readonly label: string;
  readonly throughput: number;
  readonly offered: number;
  readonly p99Ms: number;
  readonly errorPercent: number;
  readonly verdict: 'pass' | 'fail';
}

function pointsOf(steps: readonly CapacityStep[]): Point[] {
  return steps
    .filter((s) => !s.interrupted)
    .map(
      (s): Point => ({
        users: s.users,
        label: s.users.toLocaleString('en-US'),
        throughput: s.goodOpsPerSecond,
        offered: s.offeredOpsPerSecond,
        // The log axis cannot hold 0; a step with no completion sits at 1 µs.
        p99Ms: Math.max(0.001, s.latencyP99Us / 1000),
        errorPercent: s.errorShare * 100,
        verdict: s.pass ? 'pass' : 'fail',
      }),
    )
    .sort((a, b) => a.users - b.users);
}

/**
 * The hockey stick: p99 latency (log) against the throughput the platform delivered without
 * error, one point per step joined in population order, coloured by verdict. Past the knee
 * the line turns up (queueing) or folds back (a limiter turns load into errors, so good
 * throughput stops growing).
 */
export function hockeyStickSpec(
  steps: readonly CapacityStep[],
  title: string,
  latencyLimitMs?: number,
): TopLevelSpec {
  const points = pointsOf(steps);
  const layers: object[] = [
    {
      mark: { type: 'line', color: '#999', strokeWidth: 1 },
      encoding: { order: { field: 'users', type: 'quantitative' } },
    },
    {
      mark: { type: 'point', filled: true, size: 70 },
      encoding: { color: { field: 'verdict', type: 'nominal', scale: VERDICT_COLORS, title: 'SLOs' } },
    },
    { mark: { type: 'text', dy: -10, fontSize: 9, color: '#444' }, encoding: { text: { field: 'label' } } },
  ];
  if (latencyLimitMs !== undefined) {
    layers.push({
      data: { values: [{ limit: latencyLimitMs }] },
      mark: { type: 'rule', color: '#d13438', strokeDash: [4, 3] },
      encoding: { y: { field: 'limit', type: 'quantitative' }, x: null },
    });
  }
  return {
    title,
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    data: { values: points },
    encoding: {
      x: {
        field: 'throughput',
        type: 'quantitative',
        title: 'operations/s answered without error (after warm-up)',
      },
      y: { field: 'p99Ms', type: 'quantitative', title: 'p99 latency, ms (log)', scale: { type: 'log' } },
    },
    layer: layers,
  } as TopLevelSpec;
}

/** Error share against offered load, one point per step: a limiter's knee shows here when latency stays flat. */
export function errorShareSpec(
  steps: readonly CapacityStep[],
  title: string,
  errorLimitPercent?: number,
): TopLevelSpec {
  const points = pointsOf(steps);
  const layers: object[] = [
    {
      mark: { type: 'line', color: '#999', strokeWidth: 1 },
      encoding: { order: { field: 'users', type: 'quantitative' } },
    },
    {
      mark: { type: 'point', filled: true, size: 70 },
      encoding: { color: { field: 'verdict', type: 'nominal', scale: VERDICT_COLORS, title: 'SLOs' } },
    },
    { mark: { type: 'text', dy: -10, fontSize: 9, color: '#444' }, encoding: { text: { field: 'label' } } },
  ];
  if (errorLimitPercent !== undefined) {
    layers.push({
      data: { values: [{ limit: errorLimitPercent }] },
      mark: { type: 'rule', color: '#d13438', strokeDash: [4, 3] },
      encoding: { y: { field: 'limit', type: 'quantitative' }, x: null },
    });
  }
  return {
    title,
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT - 60,
    data: { values: points },
    encoding: {
      x: { field: 'offered', type: 'quantitative', title: 'operations/s offered (sent, after warm-up)' },
      y: { field: 'errorPercent', type: 'quantitative', title: 'error share, %' },
    },
    layer: layers,
  } as TopLevelSpec;
}
