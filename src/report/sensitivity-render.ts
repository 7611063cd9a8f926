import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { PARAMETER_RANGES } from '../traffic/parameter-ranges.js';
import { type JointInterval, jointInterval, ratioHeadline, type Tornado, tornado } from './sensitivity.js';
import { layoutTable, renderTableRow, type TextColumn } from './text-table.js';
import { figureText } from './user-day-render.js';

/**
 * `chatload profile --sensitivity N`: the tornado and the joint interval of the headline ratios
 * (chatbot ÷ customer-service messages per enrolled and per active user-day) over the research
 * ranges, as data (for --json) and as text.
 */

export interface HeadlineSensitivity {
  readonly headline: string;
  readonly tornado: Tornado;
  readonly joint: JointInterval;
}

const HEADLINES = [
  { headline: 'messages per enrolled user-day, chatbot ÷ customer service', metric: 'messagesTotal', basis: 'perEnrolledUserDay' },
  { headline: 'messages per active user-day, chatbot ÷ customer service', metric: 'messagesTotal', basis: 'perActiveUserDay' },
] as const;

export function headlineSensitivity(scenario: ResolvedScenario, samples: number, seed: number): HeadlineSensitivity[] {
  return HEADLINES.map(({ headline, metric, basis }) => {
    const compute = ratioHeadline(metric, basis);
    return {
      headline,
      tornado: tornado(scenario, PARAMETER_RANGES, compute),
      joint: jointInterval(scenario, PARAMETER_RANGES, compute, { samples, seed }),
    };
  });
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const columns: TextColumn[] = header.map((h, i) => ({ header: h, align: i === 0 || h.startsWith('source') ? 'left' : 'right', priority: 0 }));
  const layout = layoutTable(columns, rows);
  return `${[header, layout.widths.map((w) => '-'.repeat(w)), ...rows].map((cells) => renderTableRow(columns, layout, cells)).join('\n')}\n`;
}

export function renderSensitivity(results: readonly HeadlineSensitivity[]): string {
  let text = '';
  for (const { headline, tornado: bars, joint } of results) {
    text += `\nSensitivity of ${headline}: ×${figureText(bars.base)} as written\n`;
    const rows = bars.rows
      .filter((row) => row.swing > 0)
      .map((row) => [row.label, `${figureText(row.low)} – ${figureText(row.high)}`, `×${figureText(row.atLow)}`, `×${figureText(row.atHigh)}`, row.source]);
    text += table(['parameter (one at a time)', 'range', 'at low', 'at high', 'source of the range'], rows);
    const unmoved = bars.rows.filter((row) => row.swing === 0).map((row) => row.id);
    if (unmoved.length > 0) text += `  no effect: ${unmoved.join(', ')}\n`;
    text += `  all ranges drawn together (log-uniform, ${joint.samples.toLocaleString('en-US')} draws, seed ${joint.seed}): median ×${figureText(joint.median)}, ${Math.round(joint.level * 100)} % interval ×${figureText(joint.low)} – ×${figureText(joint.high)}\n`;
  }
  return text;
}
