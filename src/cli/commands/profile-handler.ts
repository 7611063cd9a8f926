import path from 'node:path';
import { ChatloadError } from '../../errors.js';
import { serviceDemandOf } from '../../platform/service-demand.js';
import {
  type HeadlineSensitivity,
  headlineSensitivity,
  renderSensitivity,
} from '../../report/sensitivity-render.js';
import { renderUserDayLoad } from '../../report/user-day-render.js';
import { loadScenarioFile } from '../../scenario/load-scenario.js';
import type { ResolvedScenario } from '../../scenario/resolved-scenario.js';
import { flattenFigures, type LoadFigures } from '../../traffic/load-figures.js';
import { profileScenario, type ScenarioProfile, sampleProfile } from '../../traffic/profile.js';
import { applyVariation, parseVariation, type Variation } from '../../traffic/profile-variation.js';
import { type UserDayLoad, userDayLoad } from '../../traffic/user-day-load.js';
import type { CliContext } from '../cli-context.js';
import type { ProfileArgs } from './profile.js';

interface VariantResult {
  readonly variant: string;
  readonly profile: ScenarioProfile;
  readonly sampled: ScenarioProfile | undefined;
  /** Per active and per enrolled user-day, both reply styles, ratios and their decomposition. */
  readonly userDay: UserDayLoad;
  /** Tornado and joint interval of the headline ratios, with --sensitivity. */
  readonly sensitivity: readonly HeadlineSensitivity[] | undefined;
}

const optionInvalid = (message: string): ChatloadError =>
  new ChatloadError('CHATLOAD_E_OPTION_INVALID', message);

/** Every combination of the --vary values (one variant with none given). */
function variants(
  base: ResolvedScenario,
  variations: readonly Variation[],
): { name: string; scenario: ResolvedScenario }[] {
  let out = [{ name: 'as written', scenario: base }];
  for (const { param, values } of variations) {
    out = out.flatMap(({ name, scenario }) =>
      values.map((value) => ({
        name: `${name === 'as written' ? '' : `${name} `}${param}=${value}`,
        scenario: applyVariation(scenario, param, value),
      })),
    );
  }
  return out;
}

// Rows of the per-basis tables; bytes are shown in KB (1,000 bytes) as §4 does.
const ROWS: readonly [label: string, pick: (f: LoadFigures) => number][] = [
  ['conversations', (f) => f.conversations],
  ['messages in', (f) => f.messagesIn],
  ['messages out', (f) => f.messagesOut],
  ['messages total', (f) => f.messagesTotal],
  ['  billable (templates)', (f) => f.billableMessages],
  ['  free (service)', (f) => f.freeMessages],
  ['ops: inbound', (f) => f.ops.inbound],
  ['ops: send', (f) => f.ops.send],
  ['ops: interactive', (f) => f.ops.interactive],
  ['ops: template', (f) => f.ops.template],
  ['ops: typing', (f) => f.ops.typing],
  ['ops: read', (f) => f.ops.read],
  ['ops: media', (f) => f.ops.media],
  ['webhooks', (f) => f.webhooks],
  ['text KB', (f) => f.textBytes / 1000],
  ['media KB', (f) => f.mediaBytes / 1000],
  ['envelope KB', (f) => f.envelopeBytes / 1000],
  ['platform KB (envelopes + text)', (f) => f.platformBytes / 1000],
];

type Basis =
  | 'perConversation'
  | 'perActiveUserDay'
  | 'perEnrolledUserDay'
  | 'populationDay'
  | 'peakPerSecond';
const BASES: readonly [Basis, string][] = [
  ['perConversation', 'per conversation'],
  ['perActiveUserDay', 'per active user-day'],
  ['perEnrolledUserDay', 'per enrolled user-day'],
  ['populationDay', 'whole population, one day'],
  ['peakPerSecond', 'per second at the shape’s peak hour'],
];

const figuresAt = (shape: ScenarioProfile['shapes'][number], basis: Basis): LoadFigures =>
  basis === 'peakPerSecond' ? shape.peak.perSecond : shape[basis];

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1_000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(1);
  if (abs >= 1 || abs === 0) return value.toFixed(2);
  return value.toPrecision(3);
}

/** Plain aligned text: first column left, the rest right-aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}

function renderProfile(result: VariantResult): string {
  const { profile, sampled } = result;
  const shapes = profile.shapes;
  const heading = `${shapes.map((s) => `${s.shape} ×${formatNumber(s.enrolledUsers)} users`).join(', ')} · ${profile.day}`;
  let text = `\n== ${result.variant} — ${heading}\n`;
  for (const [basis, title] of BASES) {
    const header = [title, ...shapes.map((s) => s.shape)];
    const rows = ROWS.map(([label, pick]) => [
      label,
      ...shapes.map((s) => formatNumber(pick(figuresAt(s, basis)))),
    ]);
    if (basis === 'perConversation' && sampled) {
      header.push(...sampled.shapes.map((s) => `${s.shape} (sampled n=${sampled.sampleSize})`));
      rows.forEach((row, i) => {
        row.push(
          ...sampled.shapes.map((s) =>
            formatNumber((ROWS[i] as (typeof ROWS)[number])[1](s.perConversation)),
          ),
        );
      });
    }
    text += `\n${renderTable(header, rows)}`;
  }
  const peakRows = shapes.map((s) => [
    s.shape,
    `${s.peak.hour}:00`,
    formatNumber(s.peak.multiplier),
    formatNumber(s.peak.perSecond.messagesOut),
    formatNumber(s.peak.perSecond.messagesTotal),
    `${formatNumber(s.peak.outboundShareOfThroughput)}×`,
  ]);
  const combined = profile.combinedPeak;
  peakRows.push([
    'all shapes',
    `${combined.hour}:00`,
    '',
    formatNumber(combined.perSecond.messagesOut),
    formatNumber(combined.perSecond.messagesTotal),
    '',
  ]);
  text += `\n${renderTable(['peak hour', 'hour', 'multiplier', 'out msg/s', 'total msg/s', `out ÷ ${profile.throughputPerSecond}/s`], peakRows)}`;
  if (profile.ratios) {
    const ratioRows = profile.ratios.map((r) => [
      r.basis,
      formatNumber(r.chatbot),
      formatNumber(r.customerService),
      `${formatNumber(r.ratio)}×`,
    ]);
    text += `\n${renderTable(['chatbot ÷ customer service', 'general-chatbot', 'customer-service', 'ratio'], ratioRows)}`;
  }
  return (
    text +
    renderUserDayLoad(result.userDay) +
    (result.sensitivity ? renderSensitivity(result.sensitivity) : '')
  );
}

const csvCell = (value: string | number): string => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

function renderCsv(results: readonly VariantResult[]): string {
  const lines = [['variant', 'method', 'shape', 'basis', 'metric', 'value'].join(',')];
  for (const result of results) {
    for (const profile of [result.profile, result.sampled]) {
      if (!profile) continue;
      for (const shape of profile.shapes) {
        for (const [basis] of BASES) {
          for (const [metric, value] of flattenFigures(figuresAt(shape, basis))) {
            lines.push(
              [result.variant, profile.method, shape.shape, basis, metric, value].map(csvCell).join(','),
            );
          }
        }
      }
      for (const ratio of profile.ratios ?? [])
        lines.push(
          [result.variant, profile.method, 'chatbot÷cs', 'ratio', ratio.basis, ratio.ratio]
            .map(csvCell)
            .join(','),
        );
    }
  }
  return `${lines.join('\n')}\n`;
}

function sensitivityOf(scenario: ResolvedScenario, samples: number): HeadlineSensitivity[] {
  const shapes = new Set(scenario.traffic.mix.map((entry) => entry.shape));
  if (!shapes.has('customer-service') || !shapes.has('general-chatbot')) {
    throw optionInvalid(
      '--sensitivity needs a scenario whose mix has both customer-service and general-chatbot (e.g. scenarios/mix-adoption.yaml)',
    );
  }
  return headlineSensitivity(scenario, samples, scenario.seed);
}

/** What `chatload profile` does once its options are parsed; loaded only when `profile` runs (commands/profile.ts). */
export function profileHandler(args: ProfileArgs, ctx: CliContext): void {
  if (args.json && args.csv) throw optionInvalid('choose one of --json and --csv');
  if (args.users !== undefined && !(Number.isInteger(args.users) && args.users >= 1))
    throw optionInvalid(`--users must be a positive integer, got ${args.users}`);
  if (
    args.sample !== undefined &&
    !(Number.isInteger(args.sample) && args.sample >= 1 && args.sample <= 10_000_000)
  ) {
    throw optionInvalid(`--sample must be an integer from 1 to 10,000,000, got ${args.sample}`);
  }
  if (
    args.sensitivity !== undefined &&
    !(Number.isInteger(args.sensitivity) && args.sensitivity >= 10 && args.sensitivity <= 1_000_000)
  ) {
    throw optionInvalid(
      `--sensitivity must be an integer from 10 to 1,000,000 draws, got ${args.sensitivity}`,
    );
  }
  const variations = (args.vary ?? []).map(parseVariation);
  const base = loadScenarioFile(
    path.resolve(ctx.cwd, args.scenario),
    args.users === undefined ? {} : { users: args.users },
  );
  const results: VariantResult[] = variants(base, variations).map(({ name, scenario }) => ({
    variant: name,
    profile: profileScenario(scenario),
    sampled: args.sample === undefined ? undefined : sampleProfile(scenario, args.sample),
    userDay: userDayLoad(scenario, serviceDemandOf(scenario.mock.capacity).meanMsPerOp),
    sensitivity: args.sensitivity === undefined ? undefined : sensitivityOf(scenario, args.sensitivity),
  }));
  if (args.json)
    ctx.stdout(`${JSON.stringify({ scenario: base.name, users: base.users, variants: results }, null, 2)}\n`);
  else if (args.csv) ctx.stdout(renderCsv(results));
  else {
    ctx.stdout(
      `chatload profile: ${base.name} (${formatNumber(base.users)} enrolled users; analytic${args.sample ? `, sampled n=${args.sample}` : ''})\n`,
    );
    for (const result of results) ctx.stdout(renderProfile(result));
  }
}
