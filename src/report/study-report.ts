import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CapacityJson } from './capacity-schema.js';
import { capacityCharts, capacitySectionHtml, kneeSentence } from './capacity-report.js';
import type { Comparison } from './compare-model.js';
import { escapeHtml, htmlPage } from './html-page.js';
import { type Chart, figures, type RenderedReport, renderCharts, writeRendered } from './html-report.js';
import { comparisonTableHtml } from './html-tables.js';
import { multiplierSpec } from './plots/multiplier-plot.js';
import { countText } from './text-table.js';

export const STUDY_FILES = { json: 'study.json', html: 'report.html' } as const;

/**
 * The headline: how many more users the platform carries of the first shape than of the
 * second, with the same mock. A knee is a bracket (the last pass below the first fail), so
 * the ratio has one too: [numerator pass ÷ denominator fail, numerator fail ÷ denominator
 * pass]. A search that never failed gives only a lower bound on its knee, so the ratio is
 * then one-sided (or unknown when both are).
 */
export interface CapacityRatio {
  readonly numerator: string;
  readonly denominator: string;
  /** knee ÷ knee, when both searches bracketed their knee. */
  readonly ratio: number | null;
  /** Bounds from the brackets; null where a bracket is open. */
  readonly low: number | null;
  readonly high: number | null;
}

/** What study.json holds: where everything is, the knees, and the headline ratio. */
export interface StudyJson {
  readonly kind: 'study';
  readonly toolVersion: string;
  readonly startedAt: string;
  readonly scenarios: readonly {
    readonly name: string;
    readonly file: string;
    readonly runDir: string;
    readonly capacityDir: string;
  }[];
  readonly compareDir: string;
  readonly slos: readonly string[];
  readonly knees: readonly {
    readonly name: string;
    readonly knee: number | null;
    readonly failedAt: number | null;
    readonly end: CapacityJson['end'];
  }[];
  readonly capacityRatio: CapacityRatio | null;
  /** Set when Ctrl-C stopped the study: what it had done, in words (the report is partial). */
  readonly interrupted?: string;
}

const pureShapeOf = (c: CapacityJson): string | undefined =>
  c.scenario.shapes.length === 1 ? c.scenario.shapes[0] : undefined;

/** Customer service over the chatbot when the two are there (in any order); else the first search over the second. */
export function capacityRatioOf(searches: readonly CapacityJson[]): CapacityRatio | null {
  if (searches.length < 2) return null;
  let [a, b] = searches as [CapacityJson, CapacityJson];
  const cs = searches.find((s) => pureShapeOf(s) === 'customer-service');
  const bot = searches.find((s) => pureShapeOf(s) === 'general-chatbot');
  if (cs && bot) [a, b] = [cs, bot];
  const div = (x: number | null, y: number | null) => (x === null || y === null || y === 0 ? null : x / y);
  const bracketed = (c: CapacityJson) => c.knee !== null && c.failedAt !== null;
  return {
    numerator: a.scenario.name,
    denominator: b.scenario.name,
    ratio: bracketed(a) && bracketed(b) ? div(a.knee, b.knee) : null,
    low: div(a.knee, b.failedAt),
    high: div(a.failedAt, b.knee),
  };
}

export function ratioSentence(ratio: CapacityRatio | null): string {
  if (!ratio) return 'No capacity ratio: it needs two capacity searches.';
  const head = `Capacity ratio ${ratio.numerator} ÷ ${ratio.denominator}`;
  const x = (n: number) => `×${n.toFixed(1)}`;
  if (ratio.ratio !== null)
    return `${head}: ${x(ratio.ratio)} (between ${x(ratio.low!)} and ${x(ratio.high!)} from the pass/fail brackets)`;
  // One bracket is open: a search that never failed (knee ≥ its last pass) or never passed (knee < its first fail).
  const open = 'a search did not bracket its knee; see the step tables';
  if (ratio.low !== null) return `${head}: at least ${x(ratio.low)} (${open})`;
  if (ratio.high !== null) return `${head}: at most ${x(ratio.high)} (${open})`;
  return `${head}: unknown (${open})`;
}

function kneesTableHtml(searches: readonly CapacityJson[]): string {
  const rows = searches.map((s) => {
    const cell = (n: number | null, digits = 0) =>
      n === null ? '-' : digits > 0 && n < 100 ? n.toFixed(digits) : countText(n);
    return `<tr><td class="l">${escapeHtml(s.scenario.name)}</td><td>${cell(s.knee)}</td><td>${cell(s.failedAt)}</td><td>${cell(s.usersPerSlot, 1)}</td><td>${cell(s.usersPer80MessagesPerSecond)}</td><td class="l">${escapeHtml(s.end)}</td><td>${s.steps.length}</td></tr>`;
  });
  return `<table><tr><th class="l">scenario</th><th>knee (users, passed)</th><th>first fail (users)</th><th>users per slot</th><th>users per 80 msg/s</th><th class="l">search ended</th><th>steps</th></tr>${rows.join('')}</table>`;
}

export interface StudyPageInput {
  readonly study: StudyJson;
  readonly comparison: Comparison;
  readonly searches: readonly CapacityJson[];
}

/** The one page of a study: headline ratio, knees, the comparison with its load multiplier, and each shape's hockey stick. */
export async function renderStudyReport({
  study,
  comparison,
  searches,
}: StudyPageInput): Promise<RenderedReport> {
  const compareCharts: Chart[] =
    comparison.columns.length > 1
      ? [
          {
            file: 'load-multiplier.svg',
            spec: multiplierSpec(comparison),
            caption:
              'Each shape’s figure divided by the reference shape’s, same population: how much more load it puts on the platform.',
          },
        ]
      : [];
  const perSearch = searches.map((s, i) =>
    capacityCharts(s, `${String(i + 1)}-${s.scenario.name.replace(/[^A-Za-z0-9_.-]+/g, '-')}-`),
  );
  const svgs = await renderCharts([...compareCharts, ...perSearch.flat()]);
  const sections = searches.map((s, i) =>
    capacitySectionHtml(s, figures(perSearch[i]!, svgs), 3, `${study.scenarios[i]?.capacityDir ?? '.'}/`),
  );
  const body = `
<h1>chatload study: ${study.scenarios.map((s) => escapeHtml(s.name)).join(' vs ')}</h1>
${study.interrupted === undefined ? '' : `<div class="banner warn">INTERRUPTED: partial study (${escapeHtml(study.interrupted)})</div>`}
<p class="meta">started ${escapeHtml(study.startedAt)} · chatload ${escapeHtml(study.toolVersion)} · SLOs ${study.slos.map(escapeHtml).join(', ')}</p>
<p style="font-size: 1.35rem; margin: 1rem 0"><strong>${escapeHtml(ratioSentence(study.capacityRatio))}</strong></p>
${searches.map((s) => `<p>${escapeHtml(kneeSentence(s))}</p>`).join('\n')}
${kneesTableHtml(searches)}
<h2>Load compared (same population)</h2>
<p class="note">Runs: ${study.scenarios.map((s) => `<a href="${escapeHtml(s.runDir)}/report.html">${escapeHtml(s.name)}</a>`).join(' · ')} · <a href="${escapeHtml(study.compareDir)}/report.html">comparison report</a></p>
${figures(compareCharts, svgs)}
${comparisonTableHtml(comparison)}
<h2>Capacity searches</h2>
${sections.join('\n')}`;
  return { html: htmlPage('chatload study', body), svgs };
}

/** Writes study.json, report.html and plots/*.svg at the top of the study directory. */
export async function writeStudyFiles(dir: string, input: StudyPageInput): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, STUDY_FILES.json), `${JSON.stringify(input.study, null, 2)}\n`);
  writeRendered(dir, await renderStudyReport(input));
}
