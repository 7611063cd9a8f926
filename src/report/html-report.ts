import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { formatDurationUs, secondsToUs } from '../units.js';
import { buildComparison, type Comparison } from './compare-model.js';
import type { CompareSource } from './compare-sources.js';
import { floorHtml } from './floor-render.js';
import { escapeHtml, htmlFigure, htmlPage } from './html-page.js';
import {
  comparisonTableHtml,
  seriesTableHtml,
  thresholdsTableHtml,
  webhooksTableHtml,
} from './html-tables.js';
import { type LatencyCurve, latencyPercentileSpec } from './plots/latency-percentile-plot.js';
import { multiplierSpec } from './plots/multiplier-plot.js';
import { inlineSvg, renderSvg } from './plots/render-svg.js';
import { opsPerSecondSpec, p99OverTimeSpec } from './plots/timeseries-plots.js';
import { readSummaryAndTimeseries } from './read-result-dir.js';
import { RESULT_FILES } from './result-files.js';
import { latenessWarnUsOf, PARTIAL_TEXT, scenarioNameOf } from './summary-build.js';
import type { SummaryJson } from './summary-schema.js';
import type { TimeseriesRow } from './timeseries-csv.js';

/** A report page and its charts (file name → SVG text), written to report.html and plots/. */
export interface RenderedReport {
  readonly html: string;
  readonly svgs: Readonly<Record<string, string>>;
}

export interface Chart {
  readonly file: string;
  readonly spec: TopLevelSpec;
  readonly caption: string;
}

export async function renderCharts(charts: readonly Chart[]): Promise<Record<string, string>> {
  const svgs = await Promise.all(charts.map((c) => renderSvg(c.spec)));
  return Object.fromEntries(charts.map((c, i) => [c.file, svgs[i]!]));
}

export const figures = (charts: readonly Chart[], svgs: Readonly<Record<string, string>>): string =>
  charts.map((c) => htmlFigure(c.file.replace(/\.svg$/, ''), inlineSvg(svgs[c.file]!), c.caption)).join('\n');

const LATENCY_CAPTION =
  'x = 1/(1−percentile) on a log axis (HdrHistogram style): each "nine" gets equal width. Latency counts from the intended send time, so a stalled generator or server shows up.';

function runCharts(
  summary: SummaryJson,
  timeseries: readonly TimeseriesRow[],
  comparison: Comparison | undefined,
): Chart[] {
  const curves: LatencyCurve[] = summary.series
    .filter((s) => s.shape !== '*' && s.op !== '*' && s.count > 0)
    .map((s) => ({ op: s.op, group: s.shape, histogram: s.histograms.latency }));
  const charts: Chart[] = [
    { file: 'latency-by-percentile.svg', spec: latencyPercentileSpec(curves), caption: LATENCY_CAPTION },
    {
      file: 'operations-per-second.svg',
      spec: opsPerSecondSpec(timeseries),
      caption: 'Completed operations per second in each interval, per traffic shape.',
    },
    {
      file: 'p99-over-time.svg',
      spec: p99OverTimeSpec(timeseries),
      caption:
        'p99 latency in each interval, per operation and shape; intervals with no completion are left out.',
    },
  ];
  if (comparison && comparison.columns.length > 1) {
    charts.push({
      file: 'load-multiplier.svg',
      spec: multiplierSpec(comparison),
      caption:
        'Each shape’s figure divided by the reference shape’s: how much more load it puts on the platform.',
    });
  }
  return charts;
}

function banners(summary: SummaryJson): string {
  const out: string[] = [];
  if (summary.interrupted) out.push('<div class="banner warn">INTERRUPTED: partial results</div>');
  if (summary.partial) out.push(`<div class="banner warn">${escapeHtml(PARTIAL_TEXT)}</div>`);
  const warnUs = latenessWarnUsOf(summary);
  for (const s of summary.series) {
    if (
      warnUs !== undefined &&
      s.op === '*' &&
      s.shape !== '*' &&
      s.latenessUs.count > 0 &&
      s.latenessUs.p99 > warnUs
    ) {
      out.push(
        `<div class="banner bad">WARNING: the load generator fell behind for ${escapeHtml(s.shape)}: lateness p99 was ${formatDurationUs(s.latenessUs.p99)}, ${formatDurationUs(s.latenessUs.p99 - warnUs)} over the ${formatDurationUs(warnUs)} warning level.</div>`,
      );
    }
  }
  for (const w of summary.warnings) out.push(`<div class="banner warn">WARNING: ${escapeHtml(w)}</div>`);
  return out.join('\n');
}

function targetText(summary: SummaryJson): string {
  if (summary.target === null) return 'platform model (no HTTP)';
  return summary.target.embeddedMock ? 'embedded mock' : `target ${escapeHtml(summary.target.url)}`;
}

/** The run report: header, banners, thresholds, summary table, charts, and the list of files beside it. */
export async function renderRunReport(
  summary: SummaryJson,
  timeseries: readonly TimeseriesRow[],
): Promise<RenderedReport> {
  const comparison = buildComparison([{ path: '.', summary, timeseries }]);
  const charts = runCharts(summary, timeseries, comparison);
  const svgs = await renderCharts(charts);
  const name = scenarioNameOf(summary);
  const meta = [
    `${summary.engine === 'sim' ? 'simulated (virtual time)' : 'live'} · t = 0 at ${escapeHtml(new Date(summary.epochMs).toISOString())}`,
    `${formatDurationUs(secondsToUs(summary.elapsedSeconds))} of ${formatDurationUs(secondsToUs(summary.plannedDurationSeconds))} planned`,
    ...(summary.engine === 'sim' ? [] : [`${summary.workers} worker(s)`]),
    targetText(summary),
    `seed ${summary.scenario.seed} · plan ${escapeHtml(summary.planFingerprint)}`,
  ].join(' · ');
  const files = [
    RESULT_FILES.summary,
    RESULT_FILES.latencyCsv,
    RESULT_FILES.timeseriesCsv,
    RESULT_FILES.hlog,
    RESULT_FILES.scenario,
    RESULT_FILES.provenance,
  ];
  const body = `
<h1>chatload run ${escapeHtml(summary.runId)}${name ? ` — ${escapeHtml(name)}` : ''}</h1>
<p class="meta">${meta}</p>
${banners(summary)}
${summary.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n')}
<h2>Thresholds</h2>
${thresholdsTableHtml(summary.thresholds)}
<h2>Summary</h2>
<p class="note">latency = from the intended send time (coordinated-omission correct); service = from the actual send; lateness = how late the generator sent.</p>
${seriesTableHtml(summary.series)}
${floorHtml(summary)}
${summary.webhooks ? `<h2>Webhooks</h2>\n${webhooksTableHtml(summary.webhooks)}` : ''}
${comparison.columns.length > 1 ? `<h2>Shapes compared</h2>\n${comparisonTableHtml(comparison)}` : ''}
<h2>Charts</h2>
${figures(charts, svgs)}
<h2>Files</h2>
<p class="note">${files.map((f) => `<a href="${f}">${f}</a>`).join(' · ')} · one <code>.hgrm</code> per operation (HdrHistogram plotter format)</p>`;
  return { html: htmlPage(`chatload ${summary.runId}`, body), svgs };
}

export function writeRendered(dir: string, rendered: RenderedReport): void {
  const plotsDir = join(dir, RESULT_FILES.plotsDir);
  mkdirSync(plotsDir, { recursive: true });
  for (const [file, svg] of Object.entries(rendered.svgs)) writeFileSync(join(plotsDir, file), svg);
  writeFileSync(join(dir, RESULT_FILES.html), rendered.html);
}

/** (Re)makes report.html and plots/*.svg of a result directory from its files. Async: vega renders asynchronously. */
export async function writeHtmlReport(dir: string): Promise<void> {
  const { summary, timeseries } = readSummaryAndTimeseries(dir);
  writeRendered(dir, await renderRunReport(summary, timeseries));
}

/** The comparison page: the side-by-side table, the load-multiplier chart and latency by percentile per compared column. */
export async function renderComparisonReport(
  comparison: Comparison,
  sources: readonly CompareSource[],
): Promise<RenderedReport> {
  const curves: LatencyCurve[] = comparison.columns.flatMap((column) => {
    const source = sources.find((s) => s.path === column.source && s.summary.runId === column.runId);
    return (source?.summary.series ?? [])
      .filter((s) => s.shape === column.shape && s.op !== '*' && s.count > 0)
      .map((s) => ({ op: s.op, group: column.label, histogram: s.histograms.latency }));
  });
  const charts: Chart[] = [
    { file: 'latency-by-percentile.svg', spec: latencyPercentileSpec(curves), caption: LATENCY_CAPTION },
  ];
  if (comparison.columns.length > 1) {
    charts.unshift({
      file: 'load-multiplier.svg',
      spec: multiplierSpec(comparison),
      caption: 'Each column’s figure divided by the reference column’s.',
    });
  }
  const svgs = await renderCharts(charts);
  const runs = [...new Set(comparison.columns.map((c) => c.runId))].map(escapeHtml).join(', ');
  const body = `
<h1>chatload comparison</h1>
<p class="meta">runs: ${runs}; ratios divide by ${escapeHtml(comparison.columns[comparison.reference]?.label ?? '-')}</p>
${comparisonTableHtml(comparison)}
<h2>Charts</h2>
${figures(charts, svgs)}`;
  return { html: htmlPage('chatload comparison', body), svgs };
}

/** Writes the comparison's report.html and plots/*.svg into `dir`. */
export async function writeComparisonReport(
  dir: string,
  comparison: Comparison,
  sources: readonly CompareSource[],
): Promise<void> {
  writeRendered(dir, await renderComparisonReport(comparison, sources));
}
