import { TIME_COMPRESSED_MARK } from '../traffic/time-base.js';
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

/** A text table; a one-cell row is a heading over the rows below it, written whole and left out of the column widths. */
function table(columns: readonly TextColumn[], rows: readonly (readonly string[])[], width: number | undefined): string[] {
  const indent = '  ';
  const isHeading = (cells: readonly string[]) => cells.length === 1;
  const layout = layoutTable(columns, rows.filter((cells) => !isHeading(cells)), width === undefined ? undefined : width - indent.length);
  const header = columns.map((c) => c.header);
  const rule = layout.keep.map((i) => '-'.repeat(layout.widths[i] ?? 0));
  return [
    renderTableRow(columns, layout, header, indent),
    `${indent}${rule.join('  ')}`,
    ...rows.map((cells) => (isHeading(cells) ? `${indent}${cells[0] ?? ''}` : renderTableRow(columns, layout, cells, indent))),
  ];
}

const column = (header: string, priority: number, align: 'left' | 'right' = 'right'): TextColumn => ({ header, align, priority });

/** Words wrapped to `width` (one line when none is given), each line indented. */
function wrapped(text: string, width: number | undefined, indent: string): string[] {
  if (width === undefined) return [`${indent}${text}`];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(`${indent}${line}`);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(`${indent}${line}`);
  return lines;
}

/** For a comparison of several results: which of them played a compressed day (none: no line). */
export function compressedResultsLines(summaries: readonly Pick<SummaryJson, 'runId' | 'timeBase'>[], paint: Paint): string[] {
  const compressed = summaries.filter((s) => s.timeBase?.compressed === true).map((s) => s.runId);
  if (compressed.length === 0) return [];
  return [paint.yellow(`TIME-COMPRESSED: ${[...new Set(compressed)].join(', ')} played a compressed day (clock.dayIn): ${TIME_COMPRESSED_MARK}`)];
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
  return section.shapes.flatMap((s) => [
    [`${s.shape} (${countText(s.enrolledUsers)} enrolled, ${figureText(s.activeShare * 100)} % active a day)`],
    ...Object.entries(METRIC_LABELS).flatMap(([metric, label]) => {
      const f = s.metrics[metric];
      if (f === undefined) return [];
      return [
        [
          `  ${label}`,
          f.counted === null ? 'not measured' : countText(f.counted),
          figureText(f.expected),
          estimateText(f.perEnrolledUserDay.measured),
          num(f.perEnrolledUserDay.analytic),
          estimateText(f.perActiveUserDay.measured),
          num(f.perActiveUserDay.analytic),
        ],
      ];
    }),
  ]);
}

function multiplierRows(section: LoadPerUserDaySummary): string[][] {
  return section.rows.map((r) => [
    `  ${METRIC_LABELS[r.metric] ?? r.metric}`,
    ratioEstimateText(r.perEnrolledUserDay.measured),
    times(r.perEnrolledUserDay.analytic),
    ratioEstimateText(r.perActiveUserDay.measured),
    times(r.perActiveUserDay.analytic),
    ...(r.otherReplyStyle === null ? [] : [`${times(r.otherReplyStyle.perEnrolledUserDay)} / ${times(r.otherReplyStyle.perActiveUserDay)}`]),
  ]);
}

/** The per-shape table and the multiplier table, with their basis; `width` drops low-priority columns and wraps the basis. */
export function loadPerUserDayLines(summary: Pick<SummaryJson, 'loadPerUserDay' | 'timeBase'>, paint: Paint, width?: number): string[] {
  const section = summary.loadPerUserDay;
  if (section === undefined || section.shapes.length === 0) return [];
  const level = `${Math.round(section.level * 100)} %`;
  const shapeColumns = [column('metric', 0, 'left'), column('counted', 0), column('expected', 4), column(`enrolled (${level})`, 0), column('analytic', 0), column(`active (${level})`, 3), column('analytic', 2)];
  const lines = [
    paint.bold(`load per user-day (per enrolled user, per active user), counted over the ${figureText(section.windowSeconds)} s window and scaled to a day, beside the traffic model (chatload profile)`),
    ...table(shapeColumns, shapeRows(section), width),
  ];
  const offered = section.shapes.filter((s) => s.errors > 0);
  if (offered.length > 0) {
    const text = `offered, not carried: ${offered.map((s) => `${s.shape} had ${countText(s.errors)} errors`).join(', ')} — counts are operations sent`;
    lines.push(...wrapped(text, width, '  ').map((line) => paint.yellow(line)));
  }
  if (section.rows.length > 0) {
    const other = section.rows[0]?.otherReplyStyle;
    const columns = [column('metric', 0, 'left'), column(`enrolled (${level})`, 0), column('analytic', 0), column(`active (${level})`, 3), column('analytic', 2), ...(other ? [column(`${other.replyStyle} bot (analytic)`, 1)] : [])];
    lines.push('', paint.bold(`load multiplier per user-day, general-chatbot ÷ customer-service${section.replyStyle ? ` (the bot replying ${section.replyStyle})` : ''}`), ...table(columns, multiplierRows(section), width));
  }
  const compressed = summary.timeBase?.compressed ? ' Time-compressed: the window’s share of the day is the arrivals’; think times ran in real time.' : '';
  lines.push(...wrapped(`basis: ${section.basis}.${compressed}`, width, '  ').map((line) => paint.dim(line)));
  return lines;
}
