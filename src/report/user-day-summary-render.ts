import type { SummaryJson } from './summary-schema.js';
import type { Paint } from './terminal-paint.js';
import { countText, layoutTable, renderTableRow, type TextColumn } from './text-table.js';
import { figureText } from './user-day-render.js';
import type { LoadPerUserDaySummary, TimeBaseSummary } from './user-day-schema.js';

/**
 * The end-of-run lines of summary.json's time base and load per user-day (issue 11 §2, §6):
 * one line of time base (or the time-compressed mark), then per shape what the window counted
 * against the traffic model, then the load multiplier on both bases, measured and analytic.
 */

export const METRIC_LABELS: Readonly<Record<string, string>> = {
  conversations: 'conversations',
  messagesIn: 'messages in',
  messagesOut: 'messages out',
  messagesTotal: 'messages total',
  platformOps: 'platform ops',
  webhooks: 'webhooks',
};

type Estimate = LoadPerUserDaySummary['rows'][number]['perEnrolledUserDay']['measured'];

const num = (x: number | null): string => (x === null ? '—' : figureText(x));
const times = (x: number | null): string => (x === null ? '—' : `×${figureText(x)}`);
export const estimateText = (e: Estimate, format: (x: number | null) => string = num): string =>
  e.value === null ? '—' : e.low === null || e.high === null ? format(e.value) : `${format(e.value)} (${format(e.low)}–${format(e.high)})`;
export const ratioEstimateText = (e: Estimate): string => estimateText(e, times);
export const ratioText = times;

function table(header: readonly string[], rows: readonly (readonly string[])[], indent: string): string[] {
  const columns: TextColumn[] = header.map((h, i) => ({ header: h, align: i === 0 ? 'left' : 'right', priority: 0 }));
  const layout = layoutTable(columns, rows);
  return [header, layout.widths.map((w) => '-'.repeat(w)), ...rows].map((cells) => renderTableRow(columns, layout, cells, indent));
}

/** One line: real time and the hour policy, or the time-compressed mark. */
export function timeBaseLines(base: TimeBaseSummary | undefined, paint: Paint): string[] {
  if (base === undefined) return [];
  const policy = `hours: ${base.hourPolicyText}`;
  if (!base.compressed) return [paint.dim(`time base: real time · ${policy}`)];
  const compression = Math.round(86_400 / base.dayInSeconds);
  return [paint.yellow(`TIME-COMPRESSED (a day in ${figureText(base.dayInSeconds)} s, arrivals ×${compression}, think times not): ${base.mark} from this result · ${policy}`)];
}

function shapeRows(section: LoadPerUserDaySummary): string[][] {
  return section.shapes.flatMap((s) =>
    Object.entries(METRIC_LABELS).flatMap(([metric, label]) => {
      const f = s.metrics[metric];
      if (f === undefined) return [];
      return [[
        `${s.shape}: ${label}`,
        f.counted === null ? 'not measured' : countText(f.counted),
        figureText(f.expected),
        estimateText(f.perEnrolledUserDay.measured),
        num(f.perEnrolledUserDay.analytic),
        estimateText(f.perActiveUserDay.measured),
        num(f.perActiveUserDay.analytic),
      ]];
    }),
  );
}

function multiplierRows(section: LoadPerUserDaySummary): string[][] {
  return section.rows.map((r) => [
    METRIC_LABELS[r.metric] ?? r.metric,
    ratioEstimateText(r.perEnrolledUserDay.measured),
    times(r.perEnrolledUserDay.analytic),
    ratioEstimateText(r.perActiveUserDay.measured),
    times(r.perActiveUserDay.analytic),
    ...(r.otherReplyStyle === null ? [] : [`${times(r.otherReplyStyle.perEnrolledUserDay)} / ${times(r.otherReplyStyle.perActiveUserDay)}`]),
  ]);
}

/** The per-shape table and the multiplier table, with their basis. */
export function loadPerUserDayLines(summary: Pick<SummaryJson, 'loadPerUserDay' | 'timeBase'>, paint: Paint): string[] {
  const section = summary.loadPerUserDay;
  if (section === undefined || section.shapes.length === 0) return [];
  const level = `${Math.round(section.level * 100)} %`;
  const lines = [
    paint.bold(`load per user-day, counted over the ${figureText(section.windowSeconds)} s window and scaled to a day, beside the traffic model (chatload profile)`),
    ...table(['shape: metric', 'counted', 'expected', `per enrolled user-day (${level})`, 'analytic', `per active user-day (${level})`, 'analytic'], shapeRows(section), '  '),
  ];
  const offered = section.shapes.filter((s) => s.errors > 0);
  if (offered.length > 0) lines.push(paint.yellow(`  offered, not carried: ${offered.map((s) => `${s.shape} had ${countText(s.errors)} errors`).join(', ')} — counts are operations sent`));
  if (section.rows.length > 0) {
    const other = section.rows[0]?.otherReplyStyle;
    const header = ['general-chatbot ÷ customer-service', `per enrolled user-day (${level})`, 'analytic', `per active user-day (${level})`, 'analytic'];
    if (other) header.push(`${other.replyStyle} bot, analytic (enrolled / active)`);
    lines.push('', paint.bold(`load multiplier per user-day${section.replyStyle ? `, the bot replying ${section.replyStyle}` : ''}`), ...table(header, multiplierRows(section), '  '));
  }
  const compressed = summary.timeBase?.compressed ? ' Time-compressed: the window’s share of the day is the arrivals’; think times ran in real time.' : '';
  lines.push(paint.dim(`  basis: ${section.basis}.${compressed}`));
  return lines;
}
