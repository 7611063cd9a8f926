import { type Static, Type } from '@sinclair/typebox';
import { usToMs, usToSeconds } from '../units.js';
import { OP_KINDS } from '../vocabulary.js';
import { type PointMeasure, type ShapeMeasure, shapeOf } from './point-measure.js';
import { FigureIntervalSchema, figureInterval } from './replicate-interval.js';
import { intervalText } from './study-text.js';

/**
 * `sim --replicates N`: the same scenario under N seeds (decision 0023), each figure of each shape
 * as its mean and 95 % interval over the replicates, so one run's number is read with its noise.
 */
export const REPLICATE_FIGURES = ['conversations', 'messages in / s', 'messages out / s', 'operations / s', 'errors %', 'webhooks / s', 'sojourn p99 (ms)'] as const;
export type ReplicateFigure = (typeof REPLICATE_FIGURES)[number];

function figureOf(figure: ReplicateFigure, s: ShapeMeasure, seconds: number): number {
  const ops = OP_KINDS.reduce((n, kind) => n + s.sent[kind], 0);
  switch (figure) {
    case 'conversations':
      return s.conversations;
    case 'messages in / s':
      return s.sent.inbound / seconds;
    case 'messages out / s':
      return (s.sent.send + s.sent.template + s.sent.interactive) / seconds;
    case 'operations / s':
      return ops / seconds;
    case 'errors %':
      return ops > 0 ? (s.errors / ops) * 100 : 0;
    case 'webhooks / s':
      return s.webhookUpdates / seconds;
    case 'sojourn p99 (ms)':
      return usToMs(s.sojournUs.p99);
  }
}

export const ReplicateTableSchema = Type.Object({
  kind: Type.Literal('replicates'),
  scenario: Type.String(),
  seeds: Type.Array(Type.Integer()),
  /** Result directories of the replicates, relative to the table's directory. */
  dirs: Type.Array(Type.String()),
  rows: Type.Array(Type.Object({ shape: Type.String(), figure: Type.String(), interval: FigureIntervalSchema })),
});
export type ReplicateTable = Static<typeof ReplicateTableSchema>;

/** Every figure of every shape the replicates played, over the replicates (in seed order). */
export function replicateTable(scenario: string, seeds: readonly number[], dirs: readonly string[], measures: readonly PointMeasure[]): ReplicateTable {
  const shapes = [...new Set(measures.flatMap((m) => m.shapes.map((s) => s.shape)))];
  const rows = shapes.flatMap((shape) =>
    REPLICATE_FIGURES.map((figure) => {
      const values = measures.flatMap((m) => {
        const s = shapeOf(m, shape);
        return s === undefined ? [] : [figureOf(figure, s, Math.max(1e-9, usToSeconds(m.elapsedUs)))];
      });
      return { shape, figure, interval: figureInterval(values) };
    }),
  );
  return { kind: 'replicates', scenario, seeds: [...seeds], dirs: [...dirs], rows };
}

export function renderReplicateTable(table: ReplicateTable): string {
  const n = table.seeds.length;
  const lines = [`${table.scenario}: ${n} replicates (seeds ${table.seeds.join(', ')}); mean [95 % CI]`];
  const width = Math.max(...REPLICATE_FIGURES.map((f) => f.length));
  for (const shape of [...new Set(table.rows.map((r) => r.shape))]) {
    lines.push(`  ${shape}`);
    for (const row of table.rows.filter((r) => r.shape === shape)) lines.push(`    ${row.figure.padEnd(width)}  ${intervalText(row.interval)}`);
  }
  return `${lines.join('\n')}\n`;
}
