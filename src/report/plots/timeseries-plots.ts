import type { TopLevelSpec } from 'vega-lite';
import type { TimeseriesRow } from '../timeseries-csv.js';
import { PLOT_HEIGHT, PLOT_WIDTH } from './render-svg.js';

/** Completed operations per second per shape and interval (summed over operation kinds). */
export function opsPerSecondSpec(rows: readonly TimeseriesRow[]): TopLevelSpec {
  const byKey = new Map<
    string,
    { timeSeconds: number; shape: string; completed: number; spanSeconds: number }
  >();
  for (const row of rows) {
    const key = `${row.shape}@${row.startSeconds}`;
    const entry = byKey.get(key) ?? {
      timeSeconds: row.endSeconds,
      shape: row.shape,
      completed: 0,
      spanSeconds: row.endSeconds - row.startSeconds,
    };
    entry.completed += row.completed;
    byKey.set(key, entry);
  }
  const values = [...byKey.values()].map((e) => ({
    timeSeconds: e.timeSeconds,
    shape: e.shape,
    opsPerSecond: e.spanSeconds > 0 ? e.completed / e.spanSeconds : 0,
  }));
  return {
    title: 'Operations completed per second',
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    data: { values },
    mark: { type: 'line', point: values.length < 60, strokeWidth: 1.8 },
    encoding: {
      x: { field: 'timeSeconds', type: 'quantitative', title: 'time since start (s)' },
      y: { field: 'opsPerSecond', type: 'quantitative', title: 'operations/s' },
      color: { field: 'shape', type: 'nominal', title: 'shape' },
    },
  } as TopLevelSpec;
}

/** p99 latency per interval, one line per operation (colour) and shape (dash); intervals with no completion are left out. */
export function p99OverTimeSpec(rows: readonly TimeseriesRow[]): TopLevelSpec {
  const values = rows
    .filter((r) => r.latencyP99Ms !== null)
    .map((r) => ({ timeSeconds: r.endSeconds, shape: r.shape, op: r.op, latencyP99Ms: r.latencyP99Ms }));
  return {
    title: 'p99 latency over time (from intended send time)',
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    data: { values },
    // No point markers: they would replace the dash samples in the shape legend.
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'timeSeconds', type: 'quantitative', title: 'time since start (s)' },
      y: { field: 'latencyP99Ms', type: 'quantitative', title: 'p99 latency (ms)' },
      color: { field: 'op', type: 'nominal', title: 'operation' },
      strokeDash: {
        field: 'shape',
        type: 'nominal',
        title: 'shape',
        legend: { symbolType: 'stroke', symbolStrokeColor: '#444', symbolStrokeWidth: 1.5 },
      },
      detail: [{ field: 'op' }, { field: 'shape' }],
    },
  } as TopLevelSpec;
}
