import {
  CAPACITY_REPLICATES_SCHEMA_VERSION,
  type CapacityReplicateRow,
  type CapacityReplicatesJson,
  type KneeInterval,
} from './capacity-replicates-schema.js';
import type { CapacityJson } from './capacity-schema.js';
import { meanInterval } from './confidence.js';
import { countText, layoutTable, renderTableRow, type TextColumn } from './text-table.js';

export const KNEE_CONFIDENCE_LEVEL = 0.95;

/**
 * Why a finished search's knee is not a sample of the knee, or null when it is. Only a bracket
 * (a pass below a fail) locates the knee; a lower bound or no pass at all would bias the mean.
 */
export function leftOutBecause(search: Pick<CapacityJson, 'end' | 'knee'>): string | null {
  switch (search.end) {
    case 'converged':
    case 'max-steps-bracketed':
      return null;
    case 'max-steps-no-fail':
      return 'no step failed: its knee is only a lower bound';
    case 'no-pass':
      return 'no step passed: no knee';
    case 'generator-bound':
      return search.knee === null
        ? 'generator-bound before any step passed: no knee'
        : 'the next step was generator-bound: its knee is only a lower bound';
    case 'interrupted':
      return 'interrupted: the search did not finish';
  }
}

/** Mean and Student-t interval of the knees; JSON has no ∞, so one knee's unbounded interval is stored as null bounds. */
export function kneeInterval(knees: readonly number[]): KneeInterval {
  const level = KNEE_CONFIDENCE_LEVEL;
  if (knees.length === 0) return { level, n: 0, mean: null, sd: 0, low: null, high: null };
  const m = meanInterval(knees, level);
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return { level, n: m.n, mean: m.mean, sd: m.sd, low: finite(m.low), high: finite(m.high) };
}

export const REPLICATES_METHOD =
  'The interval is the spread of the knee over seeds: the mean ± t(0.975, n − 1)·s/√n of the knees of the ' +
  'replicates whose search bracketed one (a passing population below a failing one). A replicate with only a ' +
  'lower bound or no knee is listed and left out. Every search tries the same populations, so knees fall on ' +
  'that grid: knees that all agree (sd 0) mean the spread across seeds is below the search’s steps, not that ' +
  'there is none. Each replicate’s bracket (its knee passed, its first fail failed) is the search’s resolution, ' +
  'not uncertainty.';

export interface ReplicateSearch {
  readonly seed: number;
  readonly dir: string;
  readonly search: CapacityJson;
}

/** capacity-replicates.json from the searches that ran, in replicate order. */
export function capacityReplicatesOf(
  runs: readonly ReplicateSearch[],
  header: { readonly requested: number; readonly interrupted: boolean; readonly baseSeed: number; readonly toolVersion: string; readonly startedAt: Date },
): CapacityReplicatesJson {
  const first = runs[0]?.search;
  const replicates: CapacityReplicateRow[] = runs.map(({ seed, dir, search }, replicate) => {
    const why = leftOutBecause(search);
    return { replicate, seed, dir, end: search.end, knee: search.knee, failedAt: search.failedAt, steps: search.steps.length, inInterval: why === null, leftOutBecause: why };
  });
  return {
    schemaVersion: CAPACITY_REPLICATES_SCHEMA_VERSION,
    kind: 'capacity-replicates',
    toolVersion: header.toolVersion,
    startedAt: header.startedAt.toISOString(),
    scenario: { name: first?.scenario.name ?? '', source: first?.scenario.source ?? null, baseSeed: header.baseSeed },
    slos: [...(first?.slos ?? [])],
    resolution: first?.settings.resolution ?? 0.1,
    requested: header.requested,
    interrupted: header.interrupted,
    replicates,
    knee: kneeInterval(replicates.flatMap((r) => (r.inInterval && r.knee !== null ? [r.knee] : []))),
    method: REPLICATES_METHOD,
  };
}

/** A row's knee as read: "≥ 4,000" for a lower bound, "-" for none. */
function kneeCell(row: CapacityReplicateRow): string {
  if (row.knee === null) return '-';
  return row.inInterval ? countText(row.knee) : `≥ ${countText(row.knee)}`;
}

/** The knee's mean and interval in one line, saying how many replicates it rests on. */
export function kneeIntervalSentence(json: CapacityReplicatesJson): string {
  const k = json.knee;
  const of = `${json.replicates.length} replicate${json.replicates.length === 1 ? '' : 's'}`;
  if (k.mean === null) return `knee: no replicate bracketed a knee (n = 0 of ${of}): no mean, no interval`;
  if (k.low === null || k.high === null)
    return `knee: ${countText(k.mean)} users from one replicate (n = 1 of ${of}); an interval needs 2 or more knees`;
  if (k.sd === 0)
    return `knee: ${countText(k.mean)} users in every replicate that bracketed one (n = ${k.n} of ${of}, sd 0): every search tries the same populations, so a spread across seeds smaller than its steps does not show; no interval finer than the bracket`;
  return `knee: mean ${countText(k.mean)} users, ${Math.round(k.level * 100)} % CI ${countText(k.low)}–${countText(k.high)} (Student t, n = ${k.n} of ${of}, sd ${countText(k.sd)})`;
}

const column = (header: string, align: TextColumn['align'] = 'right'): TextColumn => ({ header, align, priority: 0 });

/** The terminal table: one row per replicate, then the knee's interval and what it leaves out. */
export function renderCapacityReplicatesText(json: CapacityReplicatesJson): string {
  const columns = [
    column('replicate'),
    column('seed'),
    column('end', 'left'),
    column('knee (largest pass)'),
    column('first fail'),
    column('in interval', 'left'),
    column('directory', 'left'),
  ];
  const rows = json.replicates.map((r) => [
    String(r.replicate),
    String(r.seed),
    r.end,
    kneeCell(r),
    r.failedAt === null ? '-' : countText(r.failedAt),
    r.inInterval ? 'yes' : 'no',
    r.dir,
  ]);
  const layout = layoutTable(columns, rows);
  const ran = json.replicates.length;
  const lines = [
    `chatload capacity: ${json.scenario.name} — ${ran} of ${json.requested} replicates${json.interrupted ? ' (interrupted)' : ''}; seeds ${json.replicates.map((r) => r.seed).join(', ') || '-'}; SLOs ${json.slos.join(', ')}`,
    '',
    renderTableRow(columns, layout, columns.map((c) => c.header)),
    ...rows.map((row) => renderTableRow(columns, layout, row)),
    '',
    kneeIntervalSentence(json),
  ];
  const out = json.replicates.filter((r) => !r.inInterval);
  if (out.length > 0)
    lines.push(`left out of the interval: ${out.map((r) => `replicate ${r.replicate} (seed ${r.seed}): ${r.leftOutBecause}`).join('; ')}`);
  lines.push(
    `The interval is the knee's spread over seeds; each replicate's bracket (knee passed, first fail failed) is the search's ${Math.round(json.resolution * 100)} % resolution, not uncertainty.`,
  );
  return `${lines.join('\n')}\n`;
}
