import { createHash } from 'node:crypto';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { CELL_COUNT } from './population.js';

/**
 * What makes two runs play the same plan: the seed, the population, the mix and its
 * parameters, the duration, the clock and the cell count, under a plan-format version bumped
 * whenever the plan generator changes what it draws. Workers, target, output and the platform
 * are not part of it. Shards with different fingerprints are never merged.
 */
export const PLAN_FORMAT_VERSION = 1;

export function planFingerprint(scenario: ResolvedScenario): string {
  const plan = {
    planFormat: PLAN_FORMAT_VERSION,
    cells: CELL_COUNT,
    seed: scenario.seed,
    users: scenario.users,
    durationUs: scenario.durationUs,
    clock: scenario.clock,
    mix: scenario.traffic.mix,
  };
  return `sha256:${createHash('sha256').update(canonicalJson(plan)).digest('hex').slice(0, 32)}`;
}

/** JSON with object keys sorted at every level, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
