import { formatDurationUs } from '../units.js';
import type { Comparison } from './compare-model.js';
import { compareShapeOp } from './series-summary.js';
import { escapeHtml } from './html-page.js';
import type { PercentilesUs, SeriesSummary, ThresholdVerdict, WebhookSummary } from './summary-schema.js';
import { bytesText, countText, rateText, shareText } from './text-table.js';

const STATS = ['p50', 'p90', 'p99', 'p99.9', 'max'] as const;
const statCells = (p: PercentilesUs): string =>
  (p.count === 0 ? STATS.map(() => '-') : [p.p50, p.p90, p.p99, p.p999, p.max].map(formatDurationUs))
    .map((v) => `<td>${v}</td>`)
    .join('');

function errorsCell(s: SeriesSummary): string {
  if (s.errors === 0) return '0';
  const top = Object.entries(s.errorsByCode)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([code, n]) => `${escapeHtml(code)}×${countText(n)}`)
    .join(', ');
  return `${countText(s.errors)} (${shareText(s.errorShare)}) <span class="note">${top}</span>`;
}

function seriesRow(label: string, s: SeriesSummary, total: boolean): string {
  const late = s.latenessUs.count === 0 ? '-' : formatDurationUs(s.latenessUs.p99);
  return `<tr${total ? ' class="total"' : ''}><td class="l">${escapeHtml(label)}</td><td>${countText(s.count)}</td><td>${rateText(s.ratePerSecond)}</td><td>${errorsCell(s)}</td>${statCells(s.latencyUs)}${statCells(s.serviceUs)}<td>${late}</td></tr>`;
}

/** The summary table: per shape its operations and total, then all shapes merged. */
export function seriesTableHtml(series: readonly SeriesSummary[]): string {
  const head = `<tr><th class="l">operation</th><th>count</th><th>rate/s</th><th>errors</th>${STATS.map((s) => `<th>latency ${s}</th>`).join('')}${STATS.map((s) => `<th>service ${s}</th>`).join('')}<th>lateness p99</th></tr>`;
  const shapes = [...new Set(series.filter((s) => s.shape !== '*').map((s) => s.shape))];
  const blocks: { title: string; prefix: string }[] = shapes.map((shape) => ({
    title: shape,
    prefix: shape,
  }));
  if (shapes.length > 1) blocks.push({ title: 'all shapes', prefix: '*' });
  const body = blocks.flatMap(({ title, prefix }) => {
    const rows = series.filter((s) => s.shape === prefix && s.op !== '*').sort(compareShapeOp);
    const total = series.find((s) => s.key === `${prefix}/*`);
    return [
      `<tr class="group"><td colspan="15">${escapeHtml(title)}</td></tr>`,
      ...rows.map((s) => seriesRow(s.op, s, false)),
      ...(total ? [seriesRow('total', total, true)] : []),
    ];
  });
  return `<table>${head}${body.join('\n')}</table>`;
}

/** Webhook load per shape: updates by kind, bytes, delivery delay, pricing; or why it was not measured. */
export function webhooksTableHtml(webhooks: WebhookSummary | undefined): string {
  if (webhooks === undefined) return '';
  if (!webhooks.measured) return `<p class="note">Webhooks ${escapeHtml(webhooks.note)}.</p>`;
  const heads = [
    'POSTs',
    'updates',
    'updates/s',
    'messages',
    'sent',
    'delivered',
    'read',
    'failed',
    'bytes',
    'delay p50',
    'delay p99',
    'billable',
    'free',
    'bad signature',
  ];
  const rows = [
    ...webhooks.shapes,
    ...(webhooks.total && webhooks.shapes.length > 1 ? [webhooks.total] : []),
  ].map((w) => {
    const label = w.shape === '*' ? 'all shapes' : w.shape === '?' ? 'unattributed' : w.shape;
    const delay = (us: number) => (w.delayUs.count === 0 ? '-' : formatDurationUs(us));
    const values = [
      countText(w.posts),
      countText(w.updates),
      rateText(w.updatesPerSecond),
      ...[w.messages, w.statuses.sent, w.statuses.delivered, w.statuses.read, w.statuses.failed].map(
        countText,
      ),
      bytesText(w.bytes),
      delay(w.delayUs.p50),
      delay(w.delayUs.p99),
      countText(w.billable),
      countText(w.free),
      countText(w.signatureFailures),
    ];
    return `<tr${w.shape === '*' ? ' class="total"' : ''}><td class="l">${escapeHtml(label)}</td>${values.map((v) => `<td>${v}</td>`).join('')}</tr>`;
  });
  const note = `<p class="note">Delay: ${escapeHtml(webhooks.delayFrom ?? '-')}. Billable/free are counted once per message, from its <code>sent</code> status.</p>`;
  return `${note}<table><tr><th class="l">shape</th>${heads.map((h) => `<th>${h}</th>`).join('')}</tr>${rows.join('\n')}</table>`;
}

export function thresholdsTableHtml(verdicts: readonly ThresholdVerdict[]): string {
  if (verdicts.length === 0) return '<p class="note">No thresholds were set.</p>';
  const rows = verdicts.map(
    (v) =>
      `<tr><td class="l ${v.pass ? 'pass' : 'fail'}">${v.pass ? '✓' : '✗'}</td><td class="l"><code>${escapeHtml(v.source)}</code></td><td class="l">${escapeHtml(v.detail)}</td></tr>`,
  );
  return `<table><tr><th class="l"></th><th class="l">threshold</th><th class="l">result</th></tr>${rows.join('\n')}</table>`;
}

const ratioCell = (r: number | null | undefined) =>
  r === null || r === undefined ? '-' : `×${r.toFixed(2)}`;
const valueCell = (unit: string, v: number | null) =>
  v === null
    ? '-'
    : unit === 'ms'
      ? formatDurationUs(v * 1000)
      : unit === '%'
        ? `${v.toFixed(2)}%`
        : unit === 'per_s'
          ? rateText(v)
          : unit === 'bytes'
            ? bytesText(v)
            : countText(v);

export function comparisonTableHtml(comparison: Comparison): string {
  const others = comparison.columns.map((_, i) => i).filter((i) => i !== comparison.reference);
  const ref = comparison.columns[comparison.reference]?.label ?? '';
  const head = `<tr><th class="l">metric</th>${comparison.columns.map((c) => `<th>${escapeHtml(c.label)}</th>`).join('')}${others.map((i) => `<th>${escapeHtml(`${comparison.columns[i]!.label} ÷ ${ref}`)}</th>`).join('')}</tr>`;
  let group = '';
  const rows: string[] = [];
  for (const row of comparison.rows) {
    if (row.group !== group) {
      group = row.group;
      rows.push(
        `<tr class="group"><td colspan="${1 + comparison.columns.length + others.length}">${escapeHtml(group)}</td></tr>`,
      );
    }
    rows.push(
      `<tr><td class="l">${escapeHtml(row.metric)}</td>${row.values.map((v) => `<td>${valueCell(row.unit, v)}</td>`).join('')}${others.map((i) => `<td>${ratioCell(row.ratios[i])}</td>`).join('')}</tr>`,
    );
  }
  return `<table>${head}${rows.join('\n')}</table>`;
}
