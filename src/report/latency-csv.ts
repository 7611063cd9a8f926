import { stringify } from 'csv-stringify/sync';
import { usToMs } from '../units.js';
import type { PercentilesUs, SeriesSummary } from './summary-schema.js';

/** Fixed-point milliseconds with 3 decimals (µs resolution), as text so the CSV is byte-stable. */
export const msText = (us: number): string => usToMs(us).toFixed(3);

const timeColumns = (prefix: string) =>
  ['min', 'p50', 'p90', 'p99', 'p99_9', 'max'].map((stat) => `${prefix}_${stat}_ms`);

export const LATENCY_CSV_COLUMNS: readonly string[] = [
  'shape',
  'op',
  'count',
  'errors',
  'rate_per_s',
  ...timeColumns('latency'),
  ...timeColumns('service'),
  'lateness_p50_ms',
  'lateness_p99_ms',
  'lateness_max_ms',
];

const timeCells = (p: PercentilesUs): string[] => [p.min, p.p50, p.p90, p.p99, p.p999, p.max].map(msText);

/**
 * latency.csv: one row per (shape, operation), intended-time latency beside service time
 * (as Rally's tables) and the generator's lateness. Totals live in summary.json.
 */
export function latencyCsv(series: readonly SeriesSummary[]): string {
  const rows = series
    .filter((s) => s.shape !== '*' && s.op !== '*')
    .map((s) => [
      s.shape,
      s.op,
      String(s.count),
      String(s.errors),
      s.ratePerSecond.toFixed(3),
      ...timeCells(s.latencyUs),
      ...timeCells(s.serviceUs),
      msText(s.latenessUs.p50),
      msText(s.latenessUs.p99),
      msText(s.latenessUs.max),
    ]);
  return stringify(rows, { header: true, columns: [...LATENCY_CSV_COLUMNS] });
}
