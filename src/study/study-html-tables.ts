import { escapeHtml } from '../report/html-page.js';
import { figureText } from '../report/user-day-render.js';
import { FOLLOW_ON_CODES, ROOT_CAUSE_CODES } from './quota-study.js';
import type { QuotaShape, StudyJson } from './study-schema.js';
import { intervalText, kneeText } from './study-text.js';
import type { UserDayStudy } from './user-day-study.js';

/** The study page's tables as HTML (escaped); the page itself is put together in study-files.ts. */

export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[], left = 1): string {
  const cell = (tag: string, text: string, i: number) => `<${tag}${i < left ? ' class="l"' : ''}>${text}</${tag}>`;
  return `<table><tr>${header.map((h, i) => cell('th', escapeHtml(h), i)).join('')}</tr>${rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('')}</table>`;
}

const t = (text: string): string => escapeHtml(text);
const maybe = (x: number | null, prefix = ''): string => (x === null ? '—' : `${prefix}${figureText(x)}`);

const METRIC_LABELS: Readonly<Record<string, string>> = {
  conversations: 'conversations',
  messagesIn: 'messages in',
  messagesOut: 'messages out',
  messagesTotal: 'messages in + out',
  platformOps: 'platform operations',
  webhooks: 'webhooks',
  platformBytes: 'platform bytes',
  mediaBytes: 'media bytes',
  serviceTimeMs: 'modelled service time (ms)',
};
export const metricLabel = (metric: string): string => METRIC_LABELS[metric] ?? `  ${metric.replace('ops.', '')} operations`;

export function userDayTable(day: UserDayStudy, basis: 'perActiveUserDay' | 'perEnrolledUserDay'): string {
  const header = [`per ${basis === 'perActiveUserDay' ? 'active' : 'enrolled'} user-day`, 'customer service, sim', 'analytic', 'chatbot, sim', 'analytic', 'chatbot ÷ CS, sim', 'analytic'];
  const rows = day.rows.map((r) => {
    const b = r[basis];
    return [t(metricLabel(r.metric)), t(intervalText(b.customerService.sim)), t(maybe(b.customerService.analytic)), t(intervalText(b.chatbot.sim)), t(maybe(b.chatbot.analytic)), t(intervalText(b.ratio.sim, '×')), t(maybe(b.ratio.analytic, '×'))];
  });
  return htmlTable(header, rows);
}

export function decompositionTable(day: UserDayStudy): string {
  const header = ['enrolled ratio = share × conversations × per conversation', 'source', 'activity share', 'conversations / active day', 'per conversation', 'product'];
  const rows = day.decomposition.flatMap((d) =>
    (['sim', 'analytic'] as const).map((source) => {
      const f = d[source];
      return [t(metricLabel(d.metric)), source, t(maybe(f.activityShareRatio, '×')), t(maybe(f.conversationsRatio, '×')), t(maybe(f.perConversationRatio, '×')), t(maybe(f.product, '×'))];
    }),
  );
  return htmlTable(header, rows, 2);
}

const codesText = (codes: Readonly<Record<string, number>>): string =>
  Object.entries(codes)
    .map(([code, n]) => `${code}×${n.toLocaleString('en-US')}`)
    .join(' ') || '0';

export function quotaTables(shape: QuotaShape): string {
  return shape.tiers
    .map((tier) => {
      const head = `<h3>${t(shape.shape)} at ${t(figureText(tier.tier))} msg/s: ${t(kneeText(tier))}</h3>`;
      const fit = tier.fit;
      const fitLine = `<p class="note">Logistic fit over its ${fit.outcomes} runs (probes and replicates): ${fit.slope === null ? 'no slope (the outcomes are separated or one-sided)' : t(`P(pass) = 1 / (1 + e^−(${figureText(fit.intercept ?? 0)} + ${figureText(fit.slope)} ln N))`)}. Search bracket (resolution, not uncertainty): ${t(maybe(tier.bracket.pass))} passing, ${t(maybe(tier.bracket.fail))} failing. Started at ${t(figureText(tier.priorUsers))} users; ${t(figureText(tier.usersAtTierRate))} users offer ${t(figureText(tier.tier))} msg/s on average over the peak hour.${tier.complete ? '' : ' <strong>Search unfinished.</strong>'}</p>`;
      const rows = tier.points.map((p) => [
        t(figureText(p.users)),
        t(p.phase),
        String(p.seed),
        p.pass ? '<span class="pass">pass</span>' : '<span class="fail">fail</span>',
        t(`${(p.quotaErrorShare * 100).toFixed(3)} %`),
        t(figureText(p.messagesPerSecond)),
        t(codesText(p.rootCause)),
        t(codesText(p.followOn)),
        t(`${(p.inboundQueuedShare * 100).toFixed(2)} % / ${figureText(p.inboundMaxWaitMs)} ms`),
      ]);
      return head + fitLine + htmlTable(['users', 'phase', 'seed', 'verdict', '130429 share', 'msg/s offered', 'root-cause errors', 'follow-on errors', 'inbound waited / max wait'], rows);
    })
    .join('\n');
}

export function errorCodesNote(): string {
  const list = (codes: Readonly<Record<string, string>>) => Object.entries(codes).map(([code, why]) => `${code}: ${why}`).join('; ');
  return `<p class="note">Root causes (a rule refused the call itself): ${t(list(ROOT_CAUSE_CODES))}; other codes count as root causes. Follow-on errors (caused by an earlier refusal or delay): ${t(list(FOLLOW_ON_CODES))}.</p>`;
}

export function slotTables(slots: StudyJson['slots']): string {
  const curve = htmlTable(
    ['enrolled users', 'customer service: slots', 'offered (Erlangs)', 'chatbot: slots', 'offered (Erlangs)', 'chatbot ÷ CS'],
    slots.curve.map((p) => [t(figureText(p.users)), t(maybe(p.customerService.slots)), t(figureText(p.customerService.offeredErlangs)), t(maybe(p.chatbot.slots)), t(figureText(p.chatbot.offeredErlangs)), t(maybe(p.ratio, '×'))]),
  );
  const checks = htmlTable(
    ['shape', 'users', 'slots', 'M/G/c value (ms)', 'sim value (ms)', 'sim verdict', 'sim sojourn p99 (ms)', 'utilisation', 'operations', 'check'],
    slots.checks.flatMap((c) =>
      c.runs.map((r) => [
        t(c.shape),
        t(figureText(c.users)),
        t(`${r.slots}${r.role === 'at' ? ' (c*)' : ' (c* − 1)'}`),
        t(maybe(r.approxValueMs)),
        t(figureText(r.simValueMs)),
        r.pass ? '<span class="pass">meets</span>' : '<span class="fail">misses</span>',
        t(figureText(r.simSojournP99Ms)),
        t(`${(r.utilisation * 100).toFixed(1)} %`),
        t(figureText(r.operations)),
        t(c.verdict),
      ]),
    ),
  );
  return `${curve}<h3>Sim against the approximation</h3>${checks}`;
}

export function liveTable(live: NonNullable<StudyJson['live']>): string {
  return htmlTable(
    ['metric', `live (${live.liveRuns} run${live.liveRuns === 1 ? '' : 's'})`, `sim (${live.simReplicates} replicates, 95 % CI)`, 'where a live run should fall', 'agrees'],
    live.rows.map((r) => [t(r.metric), t(intervalText(r.live)), t(intervalText(r.sim)), t(`${maybe(r.expectedLow)} – ${maybe(r.expectedHigh)}`), r.agrees ? '<span class="pass">yes</span>' : '<span class="fail">no</span>']),
  );
}
