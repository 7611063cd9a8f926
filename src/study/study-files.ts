import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { escapeHtml, htmlPage } from '../report/html-page.js';
import {
  type Chart,
  figures,
  type RenderedReport,
  renderCharts,
  writeRendered,
} from '../report/html-report.js';
import { kneeSpec, slotsVsScaleSpec, tornadoSpec } from '../report/plots/study-plots.js';
import { renderProjection } from '../report/projection-render.js';
import { figureText } from '../report/user-day-render.js';
import {
  decompositionTable,
  errorCodesNote,
  liveTable,
  quotaTables,
  slotTables,
  userDayTable,
} from './study-html-tables.js';
import { STUDY_FILES, type StudyJson } from './study-schema.js';

/**
 * report.html and study.json at the top of the study directory: every section of the answer
 * (issue 11), each figure with its interval, resolution or source, and how to make it again.
 */

function charts(study: StudyJson): Chart[] {
  const out: Chart[] = [];
  const series = (shape: string) => (shape === 'customer-service' ? 'customer service' : 'chatbot');
  if (study.slots.curve.length > 0) {
    const curve = study.slots.curve.flatMap((p) => [
      ...(p.customerService.slots === null
        ? []
        : [{ users: p.users, series: 'customer service', slots: p.customerService.slots }]),
      ...(p.chatbot.slots === null ? [] : [{ users: p.users, series: 'chatbot', slots: p.chatbot.slots }]),
    ]);
    const sim = study.slots.checks.flatMap((c) =>
      c.runs
        .filter((r) => r.role === 'at')
        .map((r) => ({ users: c.users, series: series(c.shape), slots: r.slots, verdict: c.verdict })),
    );
    out.push({
      file: 'slots-vs-scale.svg',
      spec: slotsVsScaleSpec(curve, sim, study.slots.slo),
      caption:
        'Lines: the M/G/c approximation at each shape’s peak hour. Diamonds: the sim at the approximation’s slot count (the check table says whether it met the SLO).',
    });
  }
  const enrolled = study.sensitivity[0];
  if (enrolled?.tornado.rows.some((r) => r.swing > 0)) {
    const bars = enrolled.tornado.rows
      .filter((r) => r.swing > 0)
      .map((r) => ({
        parameter: `${r.label} (${figureText(r.low)}–${figureText(r.high)})`,
        atLow: r.atLow,
        atHigh: r.atHigh,
      }));
    out.push({
      file: 'tornado.svg',
      spec: tornadoSpec(bars, enrolled.tornado.base, `Tornado: ${enrolled.headline}`),
      caption:
        'Each parameter alone over its research range (traffic/parameter-ranges.ts), the others as written; the dashed rule is the ratio as written.',
    });
  }
  const points = study.quota.shapes.flatMap((s) =>
    s.tiers.flatMap((tier) =>
      tier.points.map((p) => ({
        users: p.users,
        pass: p.pass ? 1 : 0,
        series: `${series(s.shape)} @ ${tier.tier}/s`,
      })),
    ),
  );
  const curves = study.quota.shapes.flatMap((s) =>
    s.tiers.flatMap((tier) => {
      const { slope, intercept } = tier.fit;
      if (slope === null || intercept === null || tier.points.length === 0) return [];
      const users = tier.points.map((p) => p.users);
      const [lo, hi] = [Math.min(...users) / 1.1, Math.max(...users) * 1.1];
      return Array.from({ length: 41 }, (_, i) => {
        const n = lo * (hi / lo) ** (i / 40);
        return {
          users: n,
          probability: 1 / (1 + Math.exp(-(intercept + slope * Math.log(n)))),
          series: `${series(s.shape)} @ ${tier.tier}/s`,
        };
      });
    }),
  );
  if (points.length > 0)
    out.push({
      file: 'quota-knees.svg',
      spec: kneeSpec(points, curves),
      caption:
        'Each probe’s verdict (1 pass, 0 fail) at its population; lines are the logistic fits where the outcomes overlap.',
    });
  return out;
}

function meta(study: StudyJson): string {
  const p = study.provenance;
  const s = study.settings;
  const seeds = `${study.scenarios.customerService.name} seed ${study.scenarios.customerService.seed}, ${study.scenarios.chatbot.name} seed ${study.scenarios.chatbot.seed} (replicate r uses the seed derived from the base seed and r; replicate 0 is the base seed)`;
  return `<p class="meta">chatload ${escapeHtml(p.toolVersion)} · git ${escapeHtml(p.gitCommit ?? 'unknown')} · lockfile sha256 ${escapeHtml(p.lockfileSha256 ?? 'unknown')} · Node ${escapeHtml([p.node, ...(p.nodeFlags ?? [])].join(' '))} · ${p.host.cpus} × ${escapeHtml(p.host.cpuModel)}<br>
started ${escapeHtml(p.startedAt)} · wall ${figureText(p.wallSeconds)} s this session on ${p.threads} threads · steps ${study.steps.finished} of ${study.steps.planned} finished (${study.steps.readBack} read back), ${figureText(study.steps.operations)} operations, ${figureText(study.steps.stepSeconds)} s of step time<br>
seeds: ${escapeHtml(seeds)} · replicates ${s.replicates} · whole days: ${figureText(s.dayUsers['customer-service'])} / ${figureText(s.dayUsers['general-chatbot'])} users · command: <code>chatload ${escapeHtml(p.argv.join(' '))}</code></p>`;
}

export async function renderStudyPage(study: StudyJson): Promise<RenderedReport> {
  const list = charts(study);
  const svgs = await renderCharts(list);
  const chart = (file: string) =>
    figures(
      list.filter((c) => c.file === file),
      svgs,
    );
  const day = study.userDay;
  const body = `
<h1>chatload study: ${escapeHtml(study.scenarios.customerService.name)} vs ${escapeHtml(study.scenarios.chatbot.name)}</h1>
${study.interrupted === null ? '' : `<div class="banner warn">PARTIAL study: ${escapeHtml(study.interrupted)}. Every section shows what finished; resume it with --resume.</div>`}
${meta(study)}
<h2>Load per user-day, both bases (sim whole days beside the analytic profile)</h2>
${
  day === null
    ? '<p>No whole day finished.</p>'
    : `<p class="note">${day.replicates.customerService} + ${day.replicates.chatbot} whole uncompressed days (00:00–24:00, steady start, no dayIn) of ${figureText(day.enrolledUsers.customerService)} customer-service and ${figureText(day.enrolledUsers.chatbot)} chatbot enrolled users; mean [95 % CI]. Per active user-day = per enrolled ÷ the active share (${figureText(day.activeShare.customerService * 100)} % / ${figureText(day.activeShare.chatbot * 100)} %). The chatbot replies ${escapeHtml(day.chatbotReplyStyle)}.</p>
${userDayTable(day, 'perActiveUserDay')}${userDayTable(day, 'perEnrolledUserDay')}
<p class="note">${day.rows.flatMap((r) => (r.definition === null ? [] : [`${escapeHtml(r.metric)} — ${escapeHtml(r.definition)}`])).join('<br>')}</p>
<h3>The enrolled ratio's factors</h3>${decompositionTable(day)}`
}
<h2>Users one business number's quota serves</h2>
<p class="note">Pass: ${escapeHtml(study.quota.criteria)}. ${escapeHtml(study.quota.method)}</p>
${errorCodesNote()}
${chart('quota-knees.svg')}
${study.quota.shapes.map(quotaTables).join('\n')}
<h2>Platform capacity with the quota off: service slots vs scale</h2>
<p class="note">${escapeHtml(study.slots.method)}</p>
${chart('slots-vs-scale.svg')}
${slotTables(study.slots)}
<h2>Sensitivity over the research ranges</h2>
${chart('tornado.svg')}
${study.sensitivity.map((s) => `<p>${escapeHtml(s.headline)}: ×${figureText(s.tornado.base)} as written; all ranges drawn together (log-uniform, ${s.joint.samples.toLocaleString('en-US')} draws, seed ${s.joint.seed}): median ×${figureText(s.joint.median)}, 95 % interval ×${figureText(s.joint.low)} – ×${figureText(s.joint.high)}.</p>`).join('\n')}
<h2>WhatsApp scale</h2>
${study.projection === null ? '<p>No projection.</p>' : `<pre>${escapeHtml(renderProjection(study.projection, `${study.scenarios.customerService.name} + ${study.scenarios.chatbot.name}`))}</pre>`}
${study.live === null ? '' : `<h2>Live cross-check</h2><p class="note">${escapeHtml(study.live.shape)}, ${figureText(study.live.users)} users, ${study.live.durationSeconds} s from ${study.live.startHour}:00 in real time: ${study.live.agrees ? 'agrees' : '<strong>disagrees</strong>'} with sim. ${escapeHtml(study.live.note)}</p>${liveTable(study.live)}`}`;
  return { html: htmlPage('chatload study', body), svgs };
}

export async function writeStudyFiles(dir: string, study: StudyJson): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, STUDY_FILES.json), `${JSON.stringify(study, null, 2)}\n`);
  writeRendered(dir, await renderStudyPage(study));
}
