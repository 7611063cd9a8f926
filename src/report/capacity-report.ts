import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { parseThreshold } from '../scenario/threshold-grammar.js';
import { formatDurationUs, US_PER_MS, US_PER_SECOND } from '../units.js';
import { CAPACITY_FILES, type CapacityJson, type CapacityStep } from './capacity-schema.js';
import { escapeHtml, htmlPage } from './html-page.js';
import { type Chart, type RenderedReport, figures, renderCharts, writeRendered } from './html-report.js';
import { errorShareSpec, hockeyStickSpec } from './plots/hockey-stick-plot.js';
import { paintFor } from './terminal-paint.js';
import { countText, layoutTable, rateText, renderTableRow, shareText, type TextColumn } from './text-table.js';

const TIME_UNIT_US: Readonly<Record<string, number>> = { us: 1, µs: 1, ms: US_PER_MS, s: US_PER_SECOND };

/** A step's measured SLO value: times as durations ("12.3ms" whatever unit the SLO used), others in the SLO's unit. */
const sloCell = (step: CapacityStep, i: number): string => {
  const slo = step.slos[i];
  if (!slo || slo.actual === null) return '-';
  const factor = TIME_UNIT_US[slo.unit];
  if (factor !== undefined) return formatDurationUs(slo.actual * factor);
  return `${Number(slo.actual.toPrecision(4))}${slo.unit}`;
};

const verdictOf = (step: CapacityStep): string => (step.interrupted ? 'interrupted' : step.pass ? 'pass' : 'fail');

/** capacity.csv: one row per step, one column per SLO (in the SLO's written unit). */
export function capacityCsv(json: CapacityJson): string {
  const header = ['step', 'users', 'phase', 'verdict', 'offered_ops_per_s', 'completed_ops_per_s', 'good_ops_per_s', 'error_share', 'latency_p99_ms'];
  header.push(...json.slos.map((s) => `slo: ${s}`), 'dir');
  const rows = json.steps.map((s) => [
    s.index,
    s.users,
    s.phase,
    verdictOf(s),
    s.offeredOpsPerSecond.toFixed(3),
    s.completedOpsPerSecond.toFixed(3),
    s.goodOpsPerSecond.toFixed(3),
    s.errorShare.toFixed(6),
    (s.latencyP99Us / US_PER_MS).toFixed(3),
    ...json.slos.map((_, i) => s.slos[i]?.actual ?? ''),
    s.dir,
  ]);
  return stringify([header, ...rows]);
}

/** The knee in one sentence, saying what kind of answer it is (bracketed, lower bound, none). */
export function kneeSentence(json: CapacityJson): string {
  const users = (n: number) => `${countText(n)} users`;
  const name = json.scenario.name;
  switch (json.end) {
    case 'converged':
      return `${name}: the knee is ${users(json.knee!)} (passed; ${users(json.failedAt!)} failed, within ${Math.round(json.settings.resolution * 100)} %)`;
    case 'max-steps-bracketed':
      return `${name}: the knee is ${users(json.knee!)} (passed; ${users(json.failedAt!)} failed; max-steps reached before the ${Math.round(json.settings.resolution * 100)} % resolution)`;
    case 'max-steps-no-fail':
      return `${name}: no step failed within ${json.settings.maxSteps} steps; the knee is at least ${users(json.knee!)}`;
    case 'no-pass':
      return `${name}: no population met the SLOs: even ${users(json.steps.reduce((m, s) => Math.min(m, s.users), Number.POSITIVE_INFINITY))} failed`;
    case 'generator-bound': {
      const next = json.generatorBound === undefined ? 'the next step' : `the next step (${users(json.generatorBound.users)})`;
      return json.knee === null
        ? `${name}: generator-bound: ${next} is beyond this machine's live load generator, and nothing smaller passed; use chatload sim or shards`
        : `${name}: generator-bound: the knee is at least ${users(json.knee)} (passed); ${next} is beyond this machine's live load generator`;
    }
    case 'interrupted':
      return json.knee === null
        ? `${name}: interrupted before any step passed`
        : `${name}: interrupted; so far ${users(json.knee)} passed${json.failedAt === null ? '' : ` and ${users(json.failedAt)} failed`}`;
  }
}

export function perUnitSentence(json: CapacityJson): string {
  if (json.knee === null) return '';
  const p = json.platform;
  return (
    `${rateText(json.usersPerSlot!)} users per service slot (${p.slots} slots), ` +
    `${countText(json.usersPer80MessagesPerSecond!)} users per 80 msg/s of number throughput (limit ${p.throughputPerSecond} msg/s)`
  );
}

const right = (header: string): TextColumn => ({ header, align: 'right', priority: 0 });

/** The terminal step table, then the knee and the per-platform-unit figures. */
export function renderCapacityText(json: CapacityJson, options: { color: boolean }): string {
  const paint = paintFor(options.color);
  const columns: TextColumn[] = [
    right('step'),
    right('users'),
    { header: 'phase', align: 'left', priority: 0 },
    right('offered/s'),
    right('completed/s'),
    ...json.slos.map((s) => right(s)),
    right('errors'),
    { header: 'verdict', align: 'left', priority: 0 },
  ];
  const rows = json.steps.map((s) => [
    String(s.index),
    countText(s.users),
    s.phase,
    rateText(s.offeredOpsPerSecond),
    rateText(s.completedOpsPerSecond),
    ...json.slos.map((_, i) => sloCell(s, i)),
    shareText(s.errorShare),
    verdictOf(s),
  ]);
  const bound = json.generatorBound;
  if (bound !== undefined) {
    rows.push(['-', countText(bound.users), bound.phase, '-', '-', ...json.slos.map(() => '-'), '-', 'generator-bound']);
  }
  const layout = layoutTable(columns, rows);
  const colour = (text: string, step: CapacityStep) => (step.interrupted ? paint.yellow(text) : step.pass ? paint.green(text) : paint.red(text));
  const lines = [
    paint.bold(`chatload capacity: ${json.scenario.name} — SLOs ${json.slos.join(', ')}; ${json.settings.warmupSeconds} s warm-up + ${json.settings.stepDurationSeconds} s per step`),
    '',
    renderTableRow(columns, layout, columns.map((c) => c.header)),
    ...rows.map((row, i) => (json.steps[i] === undefined ? paint.yellow(renderTableRow(columns, layout, row)) : colour(renderTableRow(columns, layout, row), json.steps[i]))),
    '',
    paint.bold(kneeSentence(json)),
  ];
  const perUnit = perUnitSentence(json);
  if (perUnit) lines.push(perUnit);
  return `${lines.join('\n')}\n`;
}

/** The first SLO on a latency time of all operations or of one: drawn as the limit line on the hockey stick. */
function latencyLimitMs(slos: readonly string[]): number | undefined {
  for (const slo of slos) {
    const parsed = parseThreshold(slo);
    if (parsed.ok && parsed.value.measure === 'latency' && parsed.value.stat?.kind === 'percentile' && parsed.value.stat.percentile === 99) return parsed.value.limit / US_PER_MS;
  }
  return undefined;
}

function errorLimitPercent(slos: readonly string[]): number | undefined {
  for (const slo of slos) {
    const parsed = parseThreshold(slo);
    if (parsed.ok && parsed.value.measure === 'errors' && parsed.value.unit === '%' && parsed.value.errorCode === undefined) return parsed.value.limit * 100;
  }
  return undefined;
}

/** The two capacity charts of one search; `prefix` keeps file names apart when a page holds several searches. */
export function capacityCharts(json: CapacityJson, prefix = ''): Chart[] {
  const name = json.scenario.name;
  return [
    {
      file: `${prefix}hockey-stick.svg`,
      spec: hockeyStickSpec(json.steps, `${name}: p99 latency vs throughput`, latencyLimitMs(json.slos)),
      caption: `One point per step (labelled with its users), green = every SLO met, red = an SLO failed; dashed line: the p99 SLO. x counts operations answered without error, so a rate limiter shows as the curve folding back.`,
    },
    {
      file: `${prefix}error-share.svg`,
      spec: errorShareSpec(json.steps, `${name}: error share vs offered load`, errorLimitPercent(json.slos)),
      caption: 'Errors of all codes as a share of answered operations, after the warm-up; dashed line: the error SLO.',
    },
  ];
}

export function capacityStepTableHtml(json: CapacityJson): string {
  const head = `<tr><th>step</th><th>users</th><th class="l">phase</th><th>offered ops/s</th><th>completed ops/s</th><th>good ops/s</th>${json.slos.map((s) => `<th>${escapeHtml(s)}</th>`).join('')}<th>error share</th><th>top error codes</th><th class="l">verdict</th><th class="l">result</th></tr>`;
  const rows = json.steps.map((s) => {
    const codes = Object.entries(s.errorsByCode).sort((a, b) => b[1] - a[1]).slice(0, 2).map(([c, n]) => `${escapeHtml(c)}×${countText(n)}`).join(', ');
    const verdict = verdictOf(s);
    const cls = s.interrupted ? '' : s.pass ? ' class="pass"' : ' class="fail"';
    return `<tr><td>${s.index}</td><td>${countText(s.users)}</td><td class="l">${s.phase}</td><td>${rateText(s.offeredOpsPerSecond)}</td><td>${rateText(s.completedOpsPerSecond)}</td><td>${rateText(s.goodOpsPerSecond)}</td>${json.slos.map((_, i) => `<td>${escapeHtml(sloCell(s, i))}</td>`).join('')}<td>${shareText(s.errorShare)}</td><td class="note">${codes}</td><td class="l"><span${cls}>${verdict}</span></td><td class="l"><a href="${escapeHtml(s.dir)}/report.html">${escapeHtml(s.dir)}</a></td></tr>`;
  });
  const bound = json.generatorBound;
  if (bound !== undefined) {
    rows.push(`<tr><td>-</td><td>${countText(bound.users)}</td><td class="l">${bound.phase}</td><td colspan="${5 + json.slos.length}" class="note">not run: ${escapeHtml(bound.reasons.join('; '))}</td><td class="l">generator-bound</td><td></td></tr>`);
  }
  return `<table>${head}${rows.join('')}</table>`;
}

/** The capacity page body of one search (headline, table, charts); the study page reuses it per shape. */
export function capacitySectionHtml(json: CapacityJson, chartsHtml: string, level = 2, linkPrefix = ''): string {
  const h = `h${level}`;
  const table = linkPrefix ? capacityStepTableHtml(json).replaceAll('href="', `href="${escapeHtml(linkPrefix)}`) : capacityStepTableHtml(json);
  return `
<${h}>Capacity: ${escapeHtml(json.scenario.name)}</${h}>
<p><strong>${escapeHtml(kneeSentence(json))}</strong></p>
<p class="meta">${escapeHtml(perUnitSentence(json))}</p>
<p class="note">SLOs: ${json.slos.map(escapeHtml).join(', ')} · ${json.settings.warmupSeconds} s warm-up + ${json.settings.stepDurationSeconds} s measured per step · start ${countText(json.settings.startUsers)} users, ×${json.settings.growth} up, then bisection to ${Math.round(json.settings.resolution * 100)} %, at most ${json.settings.maxSteps} steps. ${escapeHtml(json.warmupMethod)}</p>
${table}
${chartsHtml}`;
}

export async function renderCapacityReport(json: CapacityJson): Promise<RenderedReport> {
  const charts = capacityCharts(json);
  const svgs = await renderCharts(charts);
  const when = `started ${escapeHtml(json.startedAt)} · seed ${json.scenario.seed} · chatload ${escapeHtml(json.toolVersion)}`;
  const body = `<h1>chatload capacity search — ${escapeHtml(json.scenario.name)}</h1>\n<p class="meta">${when}</p>\n${capacitySectionHtml(json, figures(charts, svgs))}`;
  return { html: htmlPage(`chatload capacity ${json.scenario.name}`, body), svgs };
}

/** Writes capacity.json, capacity.csv, report.html and plots/*.svg into the capacity directory. */
export async function writeCapacityFiles(dir: string, json: CapacityJson): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, CAPACITY_FILES.json), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(dir, CAPACITY_FILES.csv), capacityCsv(json));
  writeRendered(dir, await renderCapacityReport(json));
}
