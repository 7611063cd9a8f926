import type { CapacityJson } from '../report/capacity-schema.js';
import { kneeSentence } from '../report/capacity-report.js';
import type { CommandOutcome } from './command-outcome.js';

/**
 * What finished searches amount to: interrupted (130) when the user stopped them, a failed SLO
 * (99, with the reason) when no population met the SLOs, an infeasible plan (2) when even the
 * first step was beyond this machine's load generator, else success — a knee found, or a lower
 * bound when nothing failed or the next step was generator-bound.
 */
export function searchOutcome(searches: readonly CapacityJson[], interrupted: boolean): CommandOutcome {
  if (interrupted || searches.some((s) => s.end === 'interrupted')) {
    return { interrupted: 'the capacity search was interrupted; what was measured is written above' };
  }
  const failed = searches.filter((s) => s.end === 'no-pass');
  const unmeasurable = searches.filter((s) => s.end === 'generator-bound' && s.knee === null);
  return {
    ...(unmeasurable.length === 0
      ? {}
      : { infeasible: `${unmeasurable.map((s) => `${kneeSentence(s)} (${s.generatorBound?.reasons.join('; ') ?? ''})`).join('; ')}; \`--force\` tries anyway` }),
    thresholdSubject: ['capacity search', 'capacity searches'],
    thresholdFailures: failed.map((s) => {
      const lowest = [...s.steps].sort((a, b) => a.users - b.users)[0];
      const why = lowest?.slos.filter((v) => !v.pass).map((v) => v.detail).join('; ');
      return `${kneeSentence(s)}${why ? ` (${why})` : ''}`;
    }),
  };
}

/**
 * What `capacity --replicates N` amounts to: the replicates' searches judged together as
 * searchOutcome judges one, so the most telling replicate decides — interrupted (130) when a
 * Ctrl-C stopped them (k of N ran); else any replicate where no population met the SLOs → 99;
 * else any replicate that could measure nothing on this machine → 2; else 0. Knees and lower
 * bounds are both answers (exit 0): the table and the interval say which replicates found a knee.
 * Each search is named with its seed, so a failure says which replicate failed.
 */
export function replicatesOutcome(searches: readonly CapacityJson[], requested: number, interrupted: boolean, where: string): CommandOutcome {
  const named = searches.map((s) => ({ ...s, scenario: { ...s.scenario, name: `${s.scenario.name} (seed ${s.scenario.seed})` } }));
  const outcome = searchOutcome(named, interrupted);
  if (outcome.interrupted === undefined) return outcome;
  const finished = searches.filter((s) => s.end !== 'interrupted').length;
  return { interrupted: `the capacity replicates were interrupted: ${finished} of ${requested} finished; what was measured is written in ${where}` };
}
