import { figureText } from '../report/user-day-render.js';
import type { FigureInterval } from './replicate-interval.js';
import type { QuotaTier } from './quota-study.js';
import type { StudyJson } from './study-schema.js';
import type { UserDayStudyRow } from './user-day-study.js';

/**
 * The study's headline figures as text (stdout, and the README's source): every figure with its
 * interval or its resolution, never a bare number that looks more precise than it is.
 */

export const intervalText = (f: FigureInterval, prefix = ''): string =>
  f.mean === null ? '—' : f.low === null || f.high === null ? `${prefix}${figureText(f.mean)}` : `${prefix}${figureText(f.mean)} [${figureText(f.low)}–${figureText(f.high)}]`;

const maybe = (x: number | null, prefix = ''): string => (x === null ? '—' : `${prefix}${figureText(x)}`);

export const HEADLINE_METRICS = ['conversations', 'messagesTotal', 'platformOps', 'webhooks', 'platformBytes', 'serviceTimeMs'] as const;

/** The knee of one tier in words: the fit, or the gap, or the bound the search reached. */
export function kneeText(tier: QuotaTier): string {
  const fit = tier.fit;
  if (fit.knee === null) {
    const { pass, fail } = tier.bracket;
    if (pass !== null && fail === null) return `at least ${figureText(pass)} users (no probe failed)`;
    if (fail !== null && pass === null) return `below ${figureText(fail)} users (no probe passed)`;
    return `no knee (${fit.reason ?? 'no probe finished'})`;
  }
  if (fit.separated && fit.resolution !== null) return `${figureText(fit.knee)} users (between ${figureText(fit.resolution.low)} passing and ${figureText(fit.resolution.high)} failing: resolution)`;
  return `${figureText(fit.knee)} users (logistic fit, 95 % CI ${maybe(fit.low)}–${maybe(fit.high)})`;
}

function dayLines(study: StudyJson): string[] {
  const day = study.userDay;
  if (day === null) return ['  (no whole day finished)'];
  const row = (metric: string): UserDayStudyRow | undefined => day.rows.find((r) => r.metric === metric);
  const lines = [`  sim: ${day.replicates.customerService} + ${day.replicates.chatbot} whole days (${figureText(day.enrolledUsers.customerService)} CS, ${figureText(day.enrolledUsers.chatbot)} chatbot users); mean [95 % CI]; analytic after "|"`];
  for (const metric of HEADLINE_METRICS) {
    const r = row(metric);
    if (r === undefined) continue;
    const e = r.perEnrolledUserDay;
    const a = r.perActiveUserDay;
    lines.push(`  ${metric.padEnd(14)} enrolled ×${intervalText(e.ratio.sim)} | ×${maybe(e.ratio.analytic)}    active ×${intervalText(a.ratio.sim)} | ×${maybe(a.ratio.analytic)}`);
  }
  return lines;
}

export function renderStudyText(study: StudyJson): string {
  const lines: string[] = [];
  lines.push(`chatload study: ${study.scenarios.customerService.name} vs ${study.scenarios.chatbot.name}${study.interrupted === null ? '' : ` — PARTIAL (${study.interrupted})`}`);
  lines.push('', 'Load per user-day, chatbot ÷ customer service');
  lines.push(...dayLines(study));
  lines.push('', `Users one business number serves (${study.quota.criteria})`);
  for (const shape of study.quota.shapes) {
    for (const tier of shape.tiers) lines.push(`  ${shape.shape.padEnd(17)} ${String(tier.tier).padStart(5)} msg/s: ${kneeText(tier)}; ${tier.points.length} runs`);
  }
  lines.push('', `Service slots at ${study.slots.slo}, quota off (M/G/c; sim checks)`);
  for (const p of study.slots.curve) lines.push(`  ${figureText(p.users).padStart(13)} users: CS ${maybe(p.customerService.slots)}, chatbot ${maybe(p.chatbot.slots)}, ratio ${maybe(p.ratio, '×')}`);
  for (const c of study.slots.checks) lines.push(`  sim ${c.shape} ${figureText(c.users)} users: c* = ${c.approxSlots} ${c.verdict}`);
  for (const s of study.sensitivity) lines.push('', `${s.headline}: ×${figureText(s.tornado.base)} as written; all ranges together ×${figureText(s.joint.median)} (95 % ×${figureText(s.joint.low)}–×${figureText(s.joint.high)}, ${s.joint.samples} draws, seed ${s.joint.seed})`);
  if (study.live !== null) {
    lines.push('', `Live cross-check (${figureText(study.live.users)} chatbot users, ${study.live.durationSeconds} s): ${study.live.agrees ? 'agrees with sim' : 'DISAGREES with sim'}`);
    for (const r of study.live.rows) lines.push(`  ${r.metric}: live ${intervalText(r.live)}, sim ${intervalText(r.sim)}, expected ${maybe(r.expectedLow)}–${maybe(r.expectedHigh)} ${r.agrees ? 'ok' : 'NO'}`);
  }
  lines.push('', `Steps: ${study.steps.finished} of ${study.steps.planned} finished (${study.steps.readBack} read back), ${figureText(study.steps.operations)} operations; wall ${figureText(study.provenance.wallSeconds)} s on ${study.provenance.threads} threads`);
  return `${lines.join('\n')}\n`;
}
