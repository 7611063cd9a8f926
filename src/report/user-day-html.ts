import { escapeHtml } from './html-page.js';
import type { SummaryJson } from './summary-schema.js';
import { countText } from './text-table.js';
import { figureText } from './user-day-render.js';
import { estimateText, METRIC_LABELS, ratioEstimateText, ratioText } from './user-day-summary-render.js';

/**
 * The report's time base banner and its load-per-user-day tables (issue 11 §2, §6), from the
 * summary's additive sections; nothing when a summary predates them.
 */

/** A banner for a time-compressed result; a note with the hour policy otherwise. */
export function timeBaseHtml(summary: Pick<SummaryJson, 'timeBase'>): string {
  const base = summary.timeBase;
  if (base === undefined) return '';
  const policy = `<p class="note">Time base: ${base.compressed ? 'time-compressed' : 'real time'} · hours: ${escapeHtml(base.hourPolicyText)}.</p>`;
  if (!base.compressed) return policy;
  return `<div class="banner warn">TIME-COMPRESSED (a day in ${figureText(base.dayInSeconds)} s: arrivals ×${Math.round(86_400 / base.dayInSeconds)}, think times not): ${escapeHtml(base.mark ?? '')} from this result.</div>\n${policy}`;
}

const cells = (values: readonly string[]): string => values.map((v, i) => (i === 0 ? `<td class="l">${escapeHtml(v)}</td>` : `<td>${escapeHtml(v)}</td>`)).join('');
const head = (values: readonly string[]): string => `<tr>${values.map((v, i) => (i === 0 ? `<th class="l">${escapeHtml(v)}</th>` : `<th>${escapeHtml(v)}</th>`)).join('')}</tr>`;
const orDash = (x: number | null): string => (x === null ? '—' : figureText(x));

/** Per shape (counted vs expected, both bases) and chatbot ÷ customer service (both bases, measured and analytic). */
export function loadPerUserDayHtml(summary: Pick<SummaryJson, 'loadPerUserDay'>): string {
  const section = summary.loadPerUserDay;
  if (section === undefined || section.shapes.length === 0) return '';
  const level = `${Math.round(section.level * 100)} %`;
  const shapeRows = section.shapes.flatMap((s) =>
    Object.entries(METRIC_LABELS).map(([metric, label]) => {
      const f = s.metrics[metric];
      if (f === undefined) return '';
      return `<tr>${cells([`${s.shape}: ${label}`, f.counted === null ? 'not measured' : countText(f.counted), figureText(f.expected), estimateText(f.perEnrolledUserDay.measured), orDash(f.perEnrolledUserDay.analytic), estimateText(f.perActiveUserDay.measured), orDash(f.perActiveUserDay.analytic)])}</tr>`;
    }),
  );
  const shapeTable = `<table>${head(['shape: metric', 'counted', 'expected', `per enrolled user-day (${level})`, 'analytic', `per active user-day (${level})`, 'analytic'])}${shapeRows.join('')}</table>`;
  const enrolled = section.shapes.map((s) => `${escapeHtml(s.shape)}: ${countText(s.enrolledUsers)} enrolled, ${figureText(s.activeShare * 100)} % active a day${s.errors > 0 ? ` — ${countText(s.errors)} errors: counts are offered, not carried` : ''}`).join(' · ');
  let html = `<h2>Load per user-day</h2>\n<p class="note">${enrolled}. Window ${figureText(section.windowSeconds)} s.</p>\n${shapeTable}`;
  if (section.rows.length > 0) {
    const other = section.rows[0]?.otherReplyStyle;
    const header = ['general-chatbot ÷ customer-service', `per enrolled user-day (${level})`, 'analytic', `per active user-day (${level})`, 'analytic', ...(other ? [`${other.replyStyle} bot, analytic (enrolled / active)`] : [])];
    const rows = section.rows.map(
      (r) =>
        `<tr>${cells([
          METRIC_LABELS[r.metric] ?? r.metric,
          ratioEstimateText(r.perEnrolledUserDay.measured),
          ratioText(r.perEnrolledUserDay.analytic),
          ratioEstimateText(r.perActiveUserDay.measured),
          ratioText(r.perActiveUserDay.analytic),
          ...(r.otherReplyStyle === null ? [] : [`${ratioText(r.otherReplyStyle.perEnrolledUserDay)} / ${ratioText(r.otherReplyStyle.perActiveUserDay)}`]),
        ])}</tr>`,
    );
    html += `\n<h3>Load multiplier per user-day${section.replyStyle ? `, the bot replying ${escapeHtml(section.replyStyle)}` : ''}</h3>\n<table>${head(header)}${rows.join('')}</table>`;
  }
  return `${html}\n<p class="note">Basis: ${escapeHtml(section.basis)}.</p>`;
}
