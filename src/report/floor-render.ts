import { formatDurationUs } from '../units.js';
import { escapeHtml } from './html-page.js';
import { FLOOR_MEANING, SIM_FLOOR_NOTE } from './summary-build.js';
import type { EventLoopDelaySummary, PercentilesUs, SummaryJson } from './summary-schema.js';
import type { Paint } from './terminal-paint.js';

/**
 * The measurement floor beside latency (issue 9): each thread's event-loop delay and the one line
 * that says what it means. A sim says it has none; a live summary written before the floor
 * existed shows nothing.
 */

const STATS = ['p50', 'p99', 'p99.9', 'max'] as const;
const statsOf = (p: PercentilesUs): number[] => [p.p50, p.p99, p.p999, p.max];

const meaning = (floor: EventLoopDelaySummary): string =>
  `${FLOOR_MEANING} (highest p99 here: ${formatDurationUs(floor.p99Us)})`;

/** Terminal lines: a title, one line per thread, the meaning. */
export function floorLines(summary: SummaryJson, paint: Paint): string[] {
  if (summary.engine === 'sim') return [paint.dim(SIM_FLOOR_NOTE)];
  const floor = summary.eventLoopDelay;
  if (floor === undefined || floor.threads.length === 0) return [];
  const width = Math.max(...floor.threads.map((t) => t.thread.length));
  return [
    paint.bold(`measurement floor: event-loop delay ${STATS.join(' / ')}`),
    ...floor.threads.map(
      (t) => `  ${t.thread.padEnd(width)}  ${t.delayUs.count === 0 ? '-' : statsOf(t.delayUs).map(formatDurationUs).join(' / ')}`,
    ),
    paint.dim(`  ${meaning(floor)}`),
  ];
}

/** Report section: a table of threads × percentiles and the meaning (sim: the note alone). */
export function floorHtml(summary: SummaryJson): string {
  if (summary.engine === 'sim') return `<h2>Measurement floor</h2>\n<p class="note">${escapeHtml(SIM_FLOOR_NOTE)}</p>`;
  const floor = summary.eventLoopDelay;
  if (floor === undefined || floor.threads.length === 0) return '';
  const head = `<tr><th class="l">thread</th><th>samples</th>${STATS.map((s) => `<th>delay ${s}</th>`).join('')}</tr>`;
  const rows = floor.threads.map(
    (t) =>
      `<tr><td class="l">${escapeHtml(t.thread)}</td><td>${t.delayUs.count}</td>${statsOf(t.delayUs)
        .map((us) => `<td>${t.delayUs.count === 0 ? '-' : formatDurationUs(us)}</td>`)
        .join('')}</tr>`,
  );
  return `<h2>Measurement floor</h2>
<p class="note"><strong>${escapeHtml(meaning(floor))}.</strong> ${escapeHtml(floor.note)}.</p>
<table>${head}${rows.join('')}</table>`;
}
