/**
 * Where to put the next probe of a quota-knee search, as a pure planner: the same history always
 * gives the same answer, so a resumed study asks for the same probes and gets the same knee.
 *
 * Probes first: start at the prior, step by `growth` (up after a pass, down after a fail) until
 * one passes and one fails, then bisect geometrically between the largest pass and the smallest
 * fail above it until they are within `resolution` or the probes are spent. Then `replicates`
 * more seeds over that final bracket — its low end, middle and high end in turn — so the
 * logistic fit (report/logistic-knee.ts) sees outcomes on both sides. Every probe has its own
 * index, which picks its seed: outcomes at the same population are replicates.
 */

export interface KneeSearchSettings {
  readonly priorUsers: number;
  readonly growth: number;
  readonly resolution: number;
  readonly probes: number;
  readonly replicates: number;
}

export type KneePhase = 'start' | 'grow' | 'shrink' | 'bisect' | 'replicate';

export interface KneeProbe {
  readonly users: number;
  readonly pass: boolean;
  readonly phase: KneePhase;
}

export interface KneeBracket {
  /** Largest passing population below every failing one; undefined when none passed. */
  readonly pass: number | undefined;
  /** Smallest failing population; undefined when none failed. */
  readonly fail: number | undefined;
}

export type KneeDecision =
  | { readonly kind: 'run'; readonly users: number; readonly probe: number; readonly phase: KneePhase }
  | { readonly kind: 'done'; readonly bracket: KneeBracket };

/** The bracket of the probes (replicates left out): passes above the smallest fail are noise and ignored. */
export function bracketOfProbes(history: readonly KneeProbe[]): KneeBracket {
  const probes = history.filter((p) => p.phase !== 'replicate');
  const fails = probes.filter((p) => !p.pass).map((p) => p.users);
  const fail = fails.length > 0 ? Math.min(...fails) : undefined;
  const passes = probes.filter((p) => p.pass && (fail === undefined || p.users < fail)).map((p) => p.users);
  return { pass: passes.length > 0 ? Math.max(...passes) : undefined, fail };
}

/** 3 significant figures (37,500 not 37,481), kept strictly inside (low, high) when possible. */
export function roundUsers(users: number, low = 0, high = Number.POSITIVE_INFINITY): number {
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(1, users))) - 2);
  const rounded = Math.max(1, Math.round(users / unit) * unit);
  if (rounded > low && rounded < high) return rounded;
  const whole = Math.max(1, Math.round(users));
  return whole > low && whole < high ? whole : Math.max(1, Math.ceil(low + 1e-9));
}

/** Whether the probing is over: probes spent, or a bracket within the resolution (or adjacent integers). */
export function probingDone(history: readonly KneeProbe[], settings: KneeSearchSettings): boolean {
  const probes = history.filter((p) => p.phase !== 'replicate').length;
  if (probes >= settings.probes) return true;
  const { pass, fail } = bracketOfProbes(history);
  if (pass === undefined || fail === undefined) return fail !== undefined && fail <= 1;
  return fail / pass - 1 <= settings.resolution || fail - pass <= 1;
}

function nextProbe(history: readonly KneeProbe[], settings: KneeSearchSettings): KneeDecision {
  const index = history.length;
  if (index === 0) return { kind: 'run', users: roundUsers(settings.priorUsers), probe: 0, phase: 'start' };
  const { pass, fail } = bracketOfProbes(history);
  if (fail === undefined) return { kind: 'run', users: roundUsers(pass! * settings.growth, pass!), probe: index, phase: 'grow' };
  if (pass === undefined) return { kind: 'run', users: roundUsers(fail / settings.growth, 0, fail), probe: index, phase: 'shrink' };
  return { kind: 'run', users: roundUsers(Math.sqrt(pass * fail), pass, fail), probe: index, phase: 'bisect' };
}

/**
 * The replicate probes once the probing is over: they depend only on the probes' bracket, so all
 * of them can run at once. Empty while probing, or when the probes found no bracket.
 */
export function replicateRuns(history: readonly KneeProbe[], settings: KneeSearchSettings): { readonly users: number; readonly probe: number }[] {
  if (!probingDone(history, settings)) return [];
  const bracket = bracketOfProbes(history);
  if (bracket.pass === undefined || bracket.fail === undefined) return [];
  const probes = history.filter((p) => p.phase !== 'replicate').length;
  const targets = [bracket.pass, roundUsers(Math.sqrt(bracket.pass * bracket.fail)), bracket.fail];
  return Array.from({ length: settings.replicates }, (_, j) => ({ users: targets[j % targets.length] as number, probe: probes + j }));
}

/** The next probe to run, or the end of the search (replicates are returned one by one, in order). */
export function nextKneeStep(history: readonly KneeProbe[], settings: KneeSearchSettings): KneeDecision {
  if (!probingDone(history, settings)) return nextProbe(history, settings);
  const done = history.filter((p) => p.phase === 'replicate').length;
  const next = replicateRuns(history, settings)[done];
  return next === undefined ? { kind: 'done', bracket: bracketOfProbes(history) } : { kind: 'run', ...next, phase: 'replicate' };
}

/** The middle of a bracket, or its one known end: a point estimate to start the next tier from. */
export function bracketMiddle(bracket: KneeBracket): number | undefined {
  if (bracket.pass !== undefined && bracket.fail !== undefined) return Math.sqrt(bracket.pass * bracket.fail);
  return bracket.pass ?? bracket.fail;
}
