import { existsSync } from 'node:fs';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';

/** A directory name from a scenario name: letters, digits, dot, dash and underscore. */
export const dirNameOf = (name: string): string => name.replace(/[^A-Za-z0-9_.-]+/g, '-');

/** A live run's id: its start time, scenario and seed. */
export function makeRunId(scenario: ResolvedScenario, startedAt: Date): string {
  const stamp = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${dirNameOf(scenario.name)}-s${scenario.seed}`;
}

/** A sim's id is its scenario and seed only: the same inputs give the same files (decision 0002). */
export function simRunId(scenario: ResolvedScenario, shard?: { index: number; count: number }): string {
  return `sim-${dirNameOf(scenario.name)}-s${scenario.seed}${shard ? `-shard-${shard.index}-of-${shard.count}` : ''}`;
}

export function uniqueDir(base: string): string {
  if (!existsSync(base)) return base;
  for (let n = 2; ; n++) if (!existsSync(`${base}-${n}`)) return `${base}-${n}`;
}
