import type { UserDayFigures, UserDayLoad, UserDayMetric, UserDayRow } from '../traffic/user-day-load.js';
import { layoutTable, renderTableRow, type TextColumn } from './text-table.js';

/**
 * The load-per-user-day tables as plain text (`chatload profile`, and `study` later): one table
 * per basis with chatbot ÷ customer-service ratios, then the enrolled ratio's decomposition.
 */

const METRIC_ROWS: readonly [UserDayMetric, string, number][] = [
  ['conversations', 'conversations', 1],
  ['messagesIn', 'messages in', 1],
  ['messagesOut', 'messages out', 1],
  ['messagesTotal', 'messages total', 1],
  ['platformOps', 'platform ops', 1],
  ['ops.inbound', '  inbound', 1],
  ['ops.send', '  send', 1],
  ['ops.interactive', '  interactive', 1],
  ['ops.template', '  template', 1],
  ['ops.typing', '  typing', 1],
  ['ops.read', '  read', 1],
  ['ops.media', '  media', 1],
  ['webhooks', 'webhooks', 1],
  ['platformBytes', 'platform KB (envelopes + text)', 1 / 1000],
  ['mediaBytes', 'media KB', 1 / 1000],
  ['serviceTimeMs', 'service time, ms', 1],
];

/** The metrics the decomposition table shows. */
const DECOMPOSED: readonly UserDayMetric[] = ['messagesTotal', 'platformOps', 'webhooks', 'platformBytes', 'mediaBytes', 'serviceTimeMs'];

/** 3 significant digits, thousands separated; "—" for 0 ÷ 0. */
export function figureText(value: number): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1_000) return Math.round(value).toLocaleString('en-US');
  if (abs === 0) return '0';
  return Number(value.toPrecision(3)).toString();
}

const ratioText = (value: number): string => (Number.isNaN(value) ? '—' : `×${figureText(value)}`);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const columns: TextColumn[] = header.map((h, i) => ({ header: h, align: i === 0 ? 'left' : 'right', priority: 0 }));
  const layout = layoutTable(columns, rows);
  const rule = layout.widths.map((w) => '-'.repeat(w));
  return `${[header, rule, ...rows].map((cells) => renderTableRow(columns, layout, cells)).join('\n')}\n`;
}

function basisTable(load: UserDayLoad, basis: 'perActiveUserDay' | 'perEnrolledUserDay', title: string): string {
  const header = [title, ...load.rows.map((row) => row.label), ...load.comparisons.map((c) => `${c.chatbot.replace('general-chatbot · ', '')} ÷ CS`)];
  const rows = METRIC_ROWS.map(([metric, label, unit]) => [
    label,
    ...load.rows.map((row) => figureText(row[basis][metric] * unit)),
    ...load.comparisons.map((comparison) => ratioText((comparison[basis] as UserDayFigures)[metric])),
  ]);
  return table(header, rows);
}

const shareText = (share: number): string => `${figureText(share * 100)} %`;

function decompositionTable(load: UserDayLoad): string {
  const header = ['enrolled ratio = share × conversations × per conversation', 'reply style', 'activity share', 'conversations/day', 'per conversation', 'product', 'ratio', 'check'];
  const rows = load.comparisons.flatMap((comparison) =>
    DECOMPOSED.map((metric) => {
      const d = comparison.decomposition[metric];
      const label = METRIC_ROWS.find(([m]) => m === metric)?.[1] ?? metric;
      return [
        label,
        comparison.chatbot.replace('general-chatbot · ', ''),
        ratioText(d.activityShareRatio),
        ratioText(d.conversationsRatio),
        ratioText(d.perConversationRatio),
        ratioText(d.product),
        ratioText(d.enrolledRatio),
        d.multipliesOut ? 'ok' : Number.isNaN(d.enrolledRatio) ? '—' : 'MISMATCH',
      ];
    }),
  );
  return table(header, rows);
}

function rowNote(row: UserDayRow): string {
  const style = row.replyStyle === undefined ? '' : `, replies ${row.replyStyle}${row.asWritten ? ' (as written)' : ' (shown for comparison)'}`;
  return `  ${row.label}: ${shareText(row.activeShare)} of enrolled users active a day, ${figureText(row.conversationsPerActiveDay)} conversations per active day${style}`;
}

export function renderUserDayLoad(load: UserDayLoad): string {
  const serviceModelled = Object.values(load.serviceMsPerOp).some((ms) => ms > 0);
  let text = `\nLoad per user-day, on both bases (${load.day}; analytic, from the traffic model)\n`;
  text += `${load.rows.map(rowNote).join('\n')}\n`;
  if (!serviceModelled) text += '  service time: this scenario’s mock.capacity.serviceTimeMs models none (0 ms)\n';
  text += `\n${basisTable(load, 'perActiveUserDay', 'per active user-day')}`;
  text += `\n${basisTable(load, 'perEnrolledUserDay', 'per enrolled user-day')}`;
  if (load.comparisons.length > 0) text += `\n${decompositionTable(load)}`;
  return text;
}
