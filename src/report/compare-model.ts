import { decodeHistogram } from '../metrics/hdr-settings.js';
import { usToMs } from '../units.js';
import type { CompareSource } from './compare-sources.js';
import { valueAtPercentileUs } from '../metrics/hdr-settings.js';
import { compareShapeOp } from './series-summary.js';
import type { SeriesSummary, SummaryJson, WebhookShapeSummary } from './summary-schema.js';

export const COMPARISON_SCHEMA_VERSION = 1;

/** One side of the comparison: one traffic shape of one run. */
export interface ComparedColumn {
  readonly label: string;
  readonly runId: string;
  readonly shape: string;
  readonly source: string;
}

export type ComparisonGroup =
  | 'load'
  | 'operations'
  | 'latency'
  | 'platform'
  | 'errors'
  | 'webhooks'
  | 'pricing';

export interface ComparisonRow {
  readonly group: ComparisonGroup;
  readonly metric: string;
  /** "count", "per_s", "bytes", "ms", "%". */
  readonly unit: string;
  /** One value per column, null when that column has no such data. */
  readonly values: readonly (number | null)[];
  /** value ÷ reference column's value (the load multiplier), null when either is missing or the reference is 0. */
  readonly ratios: readonly (number | null)[];
}

export interface Comparison {
  readonly schemaVersion: typeof COMPARISON_SCHEMA_VERSION;
  readonly columns: readonly ComparedColumn[];
  /** Index of the column ratios divide by: customer-service when present, else the first. */
  readonly reference: number;
  readonly rows: readonly ComparisonRow[];
}

const PERCENTILES = [
  ['p50', 50],
  ['p90', 90],
  ['p99', 99],
  ['p99.9', 99.9],
] as const;
const OUTBOUND_MESSAGE_OPS = ['send', 'template', 'interactive'];

interface ColumnData {
  readonly column: ComparedColumn;
  readonly summary: SummaryJson;
  readonly series: readonly SeriesSummary[];
  readonly total: SeriesSummary | undefined;
  readonly peakOpsPerSecond: number | null;
  readonly singleShapeRun: boolean;
  /** The shape's webhook load as the run's receiver counted it; undefined when not measured. */
  readonly webhooks: WebhookShapeSummary | undefined;
}

function peakOpsPerSecond(source: CompareSource, shape: string): number | null {
  if (!source.timeseries) return null;
  const perInterval = new Map<number, { completed: number; spanSeconds: number }>();
  for (const row of source.timeseries) {
    if (row.shape !== shape) continue;
    const entry = perInterval.get(row.startSeconds) ?? {
      completed: 0,
      spanSeconds: row.endSeconds - row.startSeconds,
    };
    entry.completed += row.completed;
    perInterval.set(row.startSeconds, entry);
  }
  let peak = 0;
  for (const { completed, spanSeconds } of perInterval.values())
    if (spanSeconds > 0) peak = Math.max(peak, completed / spanSeconds);
  return peak;
}

/** The shape's share of the scenario's users by mix weight. */
function usersOf(summary: SummaryJson, shape: string): number | null {
  const { users, traffic } = summary.scenario;
  const total = traffic.mix.reduce((sum, entry) => sum + entry.weight, 0);
  const mine = traffic.mix
    .filter((entry) => entry.shape === shape)
    .reduce((sum, entry) => sum + entry.weight, 0);
  return total > 0 ? Math.round((users * mine) / total) : null;
}

/**
 * Billable and free messages: per shape from the webhooks the run received; without them, from
 * the mock's pricing counters, which are platform-wide, so only for single-shape runs.
 */
function pricingOf(data: ColumnData, kind: 'billable' | 'free'): number | null {
  if (data.webhooks) return data.webhooks[kind];
  const stats = data.summary.platformStats as {
    pricing?: Record<string, { billable?: unknown; free?: unknown }>;
  } | null;
  if (!data.singleShapeRun || !stats?.pricing || typeof stats.pricing !== 'object') return null;
  let sum = 0;
  for (const entry of Object.values(stats.pricing)) {
    const value = entry?.[kind];
    if (typeof value === 'number') sum += value;
  }
  return sum;
}

function labelColumns(sources: readonly CompareSource[]): ComparedColumn[] {
  const raw = sources.flatMap((source) =>
    [...new Set(source.summary.series.filter((s) => s.shape !== '*').map((s) => s.shape))].map((shape) => ({
      runId: source.summary.runId,
      shape,
      source: source.path,
    })),
  );
  const shapesUnique = new Set(raw.map((c) => c.shape)).size === raw.length;
  return raw.map((c) => ({ ...c, label: shapesUnique ? c.shape : `${c.runId}:${c.shape}` }));
}

function row(
  group: ComparisonGroup,
  metric: string,
  unit: string,
  values: (number | null)[],
  reference: number,
): ComparisonRow {
  const ref = values[reference];
  const ratios = values.map((v) =>
    v === null || ref === null || ref === undefined || ref === 0 ? null : v / ref,
  );
  return { group, metric, unit, values, ratios };
}

/**
 * Side by side, one column per (run, shape): load figures, operations by kind, latency
 * percentiles per operation from the decoded (merged) histograms, error shares by code, and
 * each column's ratio to the reference column.
 */
export function buildComparison(sources: readonly CompareSource[]): Comparison {
  const columns = labelColumns(sources);
  const data: ColumnData[] = columns.map((column) => {
    const source = sources.find((s) => s.path === column.source && s.summary.runId === column.runId)!;
    const shapes = new Set(source.summary.series.filter((s) => s.shape !== '*').map((s) => s.shape));
    const series = source.summary.series.filter((s) => s.shape === column.shape && s.op !== '*');
    return {
      column,
      summary: source.summary,
      series,
      total: source.summary.series.find((s) => s.key === `${column.shape}/*`),
      peakOpsPerSecond: peakOpsPerSecond(source, column.shape),
      singleShapeRun: shapes.size === 1,
      webhooks: source.summary.webhooks?.measured
        ? source.summary.webhooks.shapes.find((w) => w.shape === column.shape)
        : undefined,
    };
  });
  const refIndex = Math.max(
    0,
    columns.findIndex((c) => c.shape === 'customer-service'),
  );
  const rows: ComparisonRow[] = [];
  const add = (
    group: ComparisonGroup,
    metric: string,
    unit: string,
    pick: (d: ColumnData) => number | null,
  ) => {
    const values = data.map(pick);
    if (values.some((v) => v !== null)) rows.push(row(group, metric, unit, values, refIndex));
  };
  const opCount = (d: ColumnData, ops: readonly string[]) =>
    d.series.filter((s) => ops.includes(s.op)).reduce((sum, s) => sum + s.count, 0);
  const ops = [...new Set(data.flatMap((d) => d.series.map((s) => s.op)))].sort((a, b) =>
    compareShapeOp({ shape: '', op: a }, { shape: '', op: b }),
  );

  add('load', 'users', 'count', (d) => usersOf(d.summary, d.column.shape));
  add('load', 'conversations started', 'count', (d) => d.total?.conversationsStarted ?? null);
  add('load', 'messages in (inbound)', 'count', (d) => opCount(d, ['inbound']));
  add('load', 'messages out (send+template+interactive)', 'count', (d) => opCount(d, OUTBOUND_MESSAGE_OPS));
  add('load', 'operations', 'count', (d) => d.total?.count ?? 0);
  add('load', 'operations/s (mean)', 'per_s', (d) => d.total?.ratePerSecond ?? 0);
  add('load', 'operations/s (peak interval)', 'per_s', (d) => d.peakOpsPerSecond);
  add('load', 'bytes sent', 'bytes', (d) => d.total?.bytesSent ?? 0);
  add('load', 'bytes received', 'bytes', (d) => d.total?.bytesReceived ?? 0);
  for (const op of ops) add('operations', op, 'count', (d) => d.series.find((s) => s.op === op)?.count ?? 0);

  for (const op of [...ops, '*']) {
    const histograms = data.map((d) => {
      const s = op === '*' ? d.total : d.series.find((x) => x.op === op);
      return s && s.count > 0 ? decodeHistogram(s.histograms.latency) : undefined;
    });
    for (const [name, percentile] of PERCENTILES) {
      add('latency', `${op === '*' ? 'all ops' : op} ${name}`, 'ms', (d) => {
        const h = histograms[data.indexOf(d)];
        return h ? usToMs(valueAtPercentileUs(h, percentile)) : null;
      });
    }
  }

  addPlatformRows(data, add);
  add('errors', 'error share (all codes)', '%', (d) => (d.total ? d.total.errorShare * 100 : null));
  const codes = [...new Set(data.flatMap((d) => Object.keys(d.total?.errorsByCode ?? {})))].sort();
  for (const code of codes) {
    add('errors', `error share ${code}`, '%', (d) =>
      d.total && d.total.count > 0 ? ((d.total.errorsByCode[code] ?? 0) / d.total.count) * 100 : null,
    );
  }
  addWebhookRows(add);
  add('pricing', 'billable messages', 'count', (d) => pricingOf(d, 'billable'));
  add('pricing', 'free messages', 'count', (d) => pricingOf(d, 'free'));
  const categories = [...new Set(data.flatMap((d) => Object.keys(d.webhooks?.pricing ?? {})))].sort();
  for (const category of categories) {
    for (const kind of ['billable', 'free'] as const) {
      add('pricing', `${kind} ${category}`, 'count', (d) =>
        d.webhooks ? (d.webhooks.pricing[category]?.[kind] ?? 0) : null,
      );
    }
  }
  return { schemaVersion: COMPARISON_SCHEMA_VERSION, columns, reference: refIndex, rows };
}

type AddRow = (
  group: ComparisonGroup,
  metric: string,
  unit: string,
  pick: (d: ColumnData) => number | null,
) => void;

/** Webhook rows: metric, unit and how to read it from a shape's webhook summary. */
const WEBHOOK_ROWS: readonly (readonly [string, string, (w: WebhookShapeSummary) => number])[] = [
  ['webhook POSTs', 'count', (w) => w.posts],
  ['webhook updates', 'count', (w) => w.updates],
  ['webhook updates/s (mean)', 'per_s', (w) => w.updatesPerSecond],
  ['messages webhooks', 'count', (w) => w.messages],
  ...(['sent', 'delivered', 'read', 'failed'] as const).map(
    (status) => [`${status} statuses`, 'count', (w: WebhookShapeSummary) => w.statuses[status]] as const,
  ),
  ['webhook bytes', 'bytes', (w) => w.bytes],
  ['webhook delay p50', 'ms', (w) => usToMs(w.delayUs.p50)],
  ['webhook delay p99', 'ms', (w) => usToMs(w.delayUs.p99)],
  ['bad webhook signatures', 'count', (w) => w.signatureFailures],
];

/** Webhook load per column, null where the run did not measure it (external target). */
function addWebhookRows(add: AddRow): void {
  for (const [metric, unit, read] of WEBHOOK_ROWS)
    add('webhooks', metric, unit, (d) => (d.webhooks ? read(d.webhooks) : null));
}

/**
 * The platform's own share of the latency: its sojourn (queue + service, from the mock's
 * answers live, the model in sim) and, for live columns, what HTTP adds on top of it (service
 * time from the actual send minus the sojourn, as a difference of medians) — how a live and a
 * simulated run of one scenario differ.
 */
function addPlatformRows(data: readonly ColumnData[], add: AddRow): void {
  const sojourn = data.map((d) =>
    d.total?.histograms.platform === undefined ? undefined : decodeHistogram(d.total.histograms.platform),
  );
  const at = (d: ColumnData, percentile: number) => {
    const h = sojourn[data.indexOf(d)];
    return h && h.totalCount > 0 ? usToMs(valueAtPercentileUs(h, percentile)) : null;
  };
  add('platform', 'sojourn p50', 'ms', (d) => at(d, 50));
  add('platform', 'sojourn p99', 'ms', (d) => at(d, 99));
  add('platform', 'HTTP overhead p50 (service − sojourn)', 'ms', (d) => {
    const median = at(d, 50);
    return d.summary.engine === 'live' && median !== null && d.total
      ? usToMs(d.total.serviceUs.p50) - median
      : null;
  });
}
