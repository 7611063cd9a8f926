import { type Static, Type } from '@sinclair/typebox';
import { studentTQuantile } from '../report/confidence.js';
import { usToMs, usToSeconds } from '../units.js';
import type { ShapeName } from '../vocabulary.js';
import { type PointMeasure, shapeOf } from './point-measure.js';
import { CONFIDENCE_LEVEL, FigureIntervalSchema, figureInterval } from './replicate-interval.js';

/**
 * The live cross-check (`study --live`): one small point — the chatbot at its peak hour, real
 * time — played live against the embedded mock and by the sim with `replicates` seeds. A live
 * run agrees when its figure lies in the interval a new run of that point should fall in, from
 * the sim replicates: mean ± t(n − 1) · sd · √(1/n + 1/k) for the mean of k live runs (the
 * prediction interval: the sim mean's own CI is for the mean, not for one more run).
 */
export const LIVE_METRICS = ['inbound per second', 'messages out per second', 'platform operations per second', 'platform sojourn p99 (ms)'] as const;
export type LiveMetric = (typeof LIVE_METRICS)[number];

function figureOf(metric: LiveMetric, m: PointMeasure, shape: ShapeName): number {
  const s = shapeOf(m, shape);
  const seconds = Math.max(1e-9, usToSeconds(m.elapsedUs));
  switch (metric) {
    case 'inbound per second':
      return (s?.sent.inbound ?? 0) / seconds;
    case 'messages out per second':
      return ((s?.sent.send ?? 0) + (s?.sent.template ?? 0) + (s?.sent.interactive ?? 0)) / seconds;
    case 'platform operations per second':
      return (s?.completed ?? 0) / seconds;
    case 'platform sojourn p99 (ms)':
      return usToMs(s?.sojournUs.p99 ?? 0);
  }
}

const LiveRowSchema = Type.Object({
  metric: Type.String(),
  live: FigureIntervalSchema,
  sim: FigureIntervalSchema,
  /** Where the mean of the live runs should fall if live and sim agree. */
  expectedLow: Type.Union([Type.Number(), Type.Null()]),
  expectedHigh: Type.Union([Type.Number(), Type.Null()]),
  agrees: Type.Boolean(),
});

export const LiveCheckSchema = Type.Object({
  shape: Type.String(),
  users: Type.Number(),
  startHour: Type.Number(),
  durationSeconds: Type.Number(),
  liveRuns: Type.Integer(),
  simReplicates: Type.Integer(),
  liveDirs: Type.Array(Type.String()),
  rows: Type.Array(LiveRowSchema),
  agrees: Type.Boolean(),
  note: Type.String(),
});
export type LiveCheck = Static<typeof LiveCheckSchema>;

export const LIVE_NOTE =
  'A live run starts its mock empty: conversations under way at t = 0 join at their next user message, so replies to messages sent before t = 0 are missing (a few seconds’ worth for the chatbot). The sim plays its pre-roll into the platform.';

export function liveCheck(
  point: { readonly shape: ShapeName; readonly users: number; readonly startHour: number; readonly durationUs: number },
  live: readonly PointMeasure[],
  sim: readonly PointMeasure[],
  liveDirs: readonly string[],
): LiveCheck {
  const rows = LIVE_METRICS.map((metric) => {
    const liveValues = live.map((m) => figureOf(metric, m, point.shape));
    const simValues = sim.map((m) => figureOf(metric, m, point.shape));
    const liveFigure = figureInterval(liveValues);
    const simFigure = figureInterval(simValues);
    const n = simValues.length;
    const k = Math.max(1, liveValues.length);
    const half = n >= 2 && simFigure.mean !== null ? studentTQuantile((1 + CONFIDENCE_LEVEL) / 2, n - 1) * simFigure.sd * Math.sqrt(1 / n + 1 / k) : null;
    const expectedLow = half === null || simFigure.mean === null ? null : simFigure.mean - half;
    const expectedHigh = half === null || simFigure.mean === null ? null : simFigure.mean + half;
    const agrees = liveFigure.mean !== null && expectedLow !== null && expectedHigh !== null && liveFigure.mean >= expectedLow && liveFigure.mean <= expectedHigh;
    return { metric, live: liveFigure, sim: simFigure, expectedLow, expectedHigh, agrees };
  });
  return {
    shape: point.shape,
    users: point.users,
    startHour: point.startHour,
    durationSeconds: usToSeconds(point.durationUs),
    liveRuns: live.length,
    simReplicates: sim.length,
    liveDirs: [...liveDirs],
    rows,
    agrees: rows.length > 0 && rows.every((r) => r.agrees),
    note: LIVE_NOTE,
  };
}
