import { formatDurationUs, secondsToUs } from '../units.js';
import { floorLines } from './floor-render.js';
import { compareShapeOp } from './series-summary.js';
import { latenessWarnUsOf, PARTIAL_TEXT, scenarioNameOf } from './summary-build.js';
import type {
  PercentilesUs,
  SeriesSummary,
  SummaryJson,
  ThresholdVerdict,
  WebhookShapeSummary,
} from './summary-schema.js';
import { paintFor, type Paint } from './terminal-paint.js';
import {
  bytesText,
  countText,
  layoutTable,
  rateText,
  renderTableRow,
  shareText,
  type TextColumn,
} from './text-table.js';

export interface SummaryTableOptions {
  readonly color: boolean;
  /** Terminal width; low-priority columns are dropped to fit. Unlimited when absent. */
  readonly width?: number;
}

const right = (header: string, priority: number): TextColumn => ({ header, align: 'right', priority });
const COLUMNS: readonly TextColumn[] = [
  { header: 'operation', align: 'left', priority: 0 },
  right('count', 0),
  right('rate/s', 0),
  right('errors', 0),
  right('lat p50', 9),
  right('lat p90', 4),
  right('lat p99', 0),
  right('lat p99.9', 6),
  right('lat max', 8),
  right('svc p50', 3),
  right('svc p90', 1),
  right('svc p99', 7),
  right('svc p99.9', 2),
  right('svc max', 5),
  right('late p99', 10),
];

const TOP_ERROR_CODES = 3;

const times = (p: PercentilesUs): string[] =>
  p.count === 0 ? ['-', '-', '-', '-', '-'] : [p.p50, p.p90, p.p99, p.p999, p.max].map(formatDurationUs);

function cells(label: string, s: SeriesSummary): string[] {
  const errors = s.errors === 0 ? '0' : `${countText(s.errors)} (${shareText(s.errorShare)})`;
  const late = s.latenessUs.count === 0 ? '-' : formatDurationUs(s.latenessUs.p99);
  return [
    label,
    countText(s.count),
    rateText(s.ratePerSecond),
    errors,
    ...times(s.latencyUs),
    ...times(s.serviceUs),
    late,
  ];
}

function topErrors(s: SeriesSummary): string {
  return Object.entries(s.errorsByCode)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP_ERROR_CODES)
    .map(([code, n]) => `${code}×${countText(n)}`)
    .join(', ');
}

interface Block {
  readonly title: string;
  readonly rows: readonly SeriesSummary[];
  readonly total: SeriesSummary | undefined;
}

/** Per shape (its ops, then its total), then "all shapes" (each op merged over shapes, then everything). */
function blocksOf(series: readonly SeriesSummary[]): Block[] {
  const shapes = [...new Set(series.filter((s) => s.shape !== '*').map((s) => s.shape))];
  const blocks: Block[] = shapes.map((shape) => ({
    title: shape,
    rows: series.filter((s) => s.shape === shape && s.op !== '*').sort(compareShapeOp),
    total: series.find((s) => s.key === `${shape}/*`),
  }));
  if (shapes.length > 1) {
    blocks.push({
      title: 'all shapes',
      rows: series.filter((s) => s.shape === '*' && s.op !== '*').sort(compareShapeOp),
      total: series.find((s) => s.key === '*/*'),
    });
  }
  return blocks;
}

function headline(summary: SummaryJson): string {
  const name = scenarioNameOf(summary);
  const target =
    summary.target === null
      ? 'platform model (sim)'
      : summary.target.embeddedMock
        ? 'embedded mock'
        : summary.target.url;
  const elapsed = `${formatDurationUs(secondsToUs(summary.elapsedSeconds))} of ${formatDurationUs(secondsToUs(summary.plannedDurationSeconds))} planned`;
  return `chatload ${summary.engine === 'sim' ? 'sim' : 'run'} ${summary.runId}${name ? ` · scenario ${name}` : ''} · ${elapsed}${summary.engine === 'sim' ? '' : ` · ${summary.workers} worker(s)`} · ${target}`;
}

function latenessWarnings(summary: SummaryJson, paint: Paint): string[] {
  const warnUs = latenessWarnUsOf(summary);
  if (warnUs === undefined) return [];
  return summary.series
    .filter((s) => s.op === '*' && s.shape !== '*' && s.latenessUs.count > 0 && s.latenessUs.p99 > warnUs)
    .map((s) =>
      paint.red(
        `WARNING: the load generator fell behind for ${s.shape}: lateness p99 was ${formatDurationUs(s.latenessUs.p99)}, ` +
          `${formatDurationUs(s.latenessUs.p99 - warnUs)} over the ${formatDurationUs(warnUs)} warning level ` +
          '(latency from intended time still counts the delay; add workers or lower the load)',
      ),
    );
}

function webhookLine(w: WebhookShapeSummary): string {
  const label = w.shape === '*' ? 'all shapes' : w.shape === '?' ? 'unattributed' : w.shape;
  const delay =
    w.delayUs.count === 0 ? '-' : `${formatDurationUs(w.delayUs.p50)} / ${formatDurationUs(w.delayUs.p99)}`;
  const bad = w.signatureFailures > 0 ? ` · bad signature ${countText(w.signatureFailures)}` : '';
  return (
    `  ${label}: ${countText(w.updates)} updates (${rateText(w.updatesPerSecond)}/s) in ${countText(w.posts)} POSTs, ${bytesText(w.bytes)} · ` +
    `messages ${countText(w.messages)} · sent ${countText(w.statuses.sent)} · delivered ${countText(w.statuses.delivered)} · ` +
    `read ${countText(w.statuses.read)} · failed ${countText(w.statuses.failed)} · billable ${countText(w.billable)} / free ${countText(w.free)} · ` +
    `delay p50/p99 ${delay}${bad}`
  );
}

/** A few lines of webhook load per shape, or why there are none. */
function webhookLines(summary: SummaryJson, paint: Paint): string[] {
  const w = summary.webhooks;
  if (w === undefined) return [];
  if (!w.measured) return [paint.dim(`webhooks: ${w.note}`)];
  const lines = [paint.bold('webhooks received'), ...w.shapes.map(webhookLine)];
  if (w.total && w.shapes.length > 1) lines.push(paint.bold(webhookLine(w.total)));
  if (w.rejectedPosts + w.malformedPosts > 0)
    lines.push(
      paint.red(
        `  rejected POSTs: ${countText(w.rejectedPosts)} bad signature, ${countText(w.malformedPosts)} malformed`,
      ),
    );
  lines.push(
    paint.dim(
      '  delay = mock sends the POST → receiver has the body (batching and modelled status delays excluded)',
    ),
  );
  return lines;
}

export function thresholdLines(verdicts: readonly ThresholdVerdict[], paint: Paint): string[] {
  if (verdicts.length === 0) return [];
  const width = Math.max(...verdicts.map((v) => v.source.length));
  const failed = verdicts.filter((v) => !v.pass).length;
  const title =
    failed === 0
      ? paint.green(`THRESHOLDS: all ${verdicts.length} passed`)
      : paint.red(`THRESHOLDS: ${failed} of ${verdicts.length} failed`);
  return [
    paint.bold(title),
    ...verdicts.map(
      (v) =>
        `  ${v.pass ? paint.green('✓') : paint.red('✗')} ${v.source.padEnd(width)}  ${v.pass ? v.detail : paint.red(v.detail)}`,
    ),
  ];
}

/**
 * The end-of-run table as a string: per shape and operation the counts, rate, errors, latency
 * from intended time and service time percentiles and generator lateness, a total per shape,
 * then warnings and threshold verdicts. Pure; colour only when asked.
 */
export function renderSummaryTable(summary: SummaryJson, opts: SummaryTableOptions): string {
  const paint = paintFor(opts.color);
  const blocks = blocksOf(summary.series);
  const allRows = blocks.flatMap((b) => [
    ...b.rows.map((s) => cells(`  ${s.op}`, s)),
    ...(b.total ? [cells('  total', b.total)] : []),
  ]);
  const layout = layoutTable(COLUMNS, allRows, opts.width);
  const lines: string[] = [paint.bold(headline(summary))];
  if (summary.interrupted) {
    lines.push(
      paint.yellow(
        `INTERRUPTED: partial results (${formatDurationUs(secondsToUs(summary.elapsedSeconds))} of ${formatDurationUs(secondsToUs(summary.plannedDurationSeconds))} ran)`,
      ),
    );
  }
  if (summary.partial) lines.push(paint.yellow(PARTIAL_TEXT));
  lines.push(
    '',
    paint.dim(
      'lat = latency from the intended send time (coordinated-omission correct); svc = service time from the actual send',
    ),
  );
  lines.push(
    paint.bold(
      renderTableRow(
        COLUMNS,
        layout,
        COLUMNS.map((c) => c.header),
      ),
    ),
  );
  if (blocks.length === 0) lines.push('  (no operations were recorded)');
  for (const block of blocks) {
    lines.push(paint.bold(block.title));
    for (const s of block.rows) lines.push(renderTableRow(COLUMNS, layout, cells(`  ${s.op}`, s)));
    if (block.total) lines.push(paint.bold(renderTableRow(COLUMNS, layout, cells('  total', block.total))));
    const errors = block.rows.filter((s) => s.errors > 0).map((s) => `${s.op}: ${topErrors(s)}`);
    if (errors.length > 0) lines.push(paint.red(`  top errors · ${errors.join(' · ')}`));
  }
  const floor = floorLines(summary, paint);
  if (floor.length > 0) lines.push('', ...floor);
  const webhooks = webhookLines(summary, paint);
  if (webhooks.length > 0) lines.push('', ...webhooks);
  const warnings = [
    ...latenessWarnings(summary, paint),
    ...summary.warnings.map((w) => paint.yellow(`WARNING: ${w}`)),
  ];
  if (warnings.length > 0) lines.push('', ...warnings);
  const verdicts = thresholdLines(summary.thresholds, paint);
  if (verdicts.length > 0) lines.push('', ...verdicts);
  return `${lines.join('\n')}\n`;
}
