import path from 'node:path';
import type { CommandModule } from 'yargs';
import type { CapacityJson } from '../../report/capacity-schema.js';
import { kneeSentence } from '../../report/capacity-report.js';
import type { CliContext } from '../cli-context.js';
import { parseSearchArgs, type SearchArgs, withSearchOptions } from '../capacity-options.js';
import { runCapacitySearch } from '../capacity-run.js';
import { type CommandOutcome, settle } from '../command-outcome.js';
import type { CommandFactory } from '../main.js';
import { dirNameOf } from '../run-ids.js';

interface CapacityArgs extends SearchArgs {
  scenario: string;
  out?: string;
}

export const stamp = (date: Date): string => date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');

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

export const capacityCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'capacity <scenario>',
    describe: 'Find the largest population that meets the SLOs against the mock: step up, then bisect; one result directory per step',
    builder: (yargs) =>
      withSearchOptions(
        yargs
          .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
          .option('out', { type: 'string', describe: 'capacity directory (default results/capacity-<scenario>-<time>)' }),
      ),
    handler: async (args) => {
      const parsed = parseSearchArgs(args);
      const scenarioFile = path.resolve(ctx.cwd, args.scenario);
      const name = dirNameOf(path.basename(args.scenario).replace(/\.ya?ml$/i, ''));
      const outDir = path.resolve(ctx.cwd, args.out ?? path.join('results', `capacity-${name}-${stamp(new Date())}`));
      const json = await runCapacitySearch({ ...parsed, scenarioFile, outDir, showProgress: args.progress }, ctx);
      settle(searchOutcome([json], ctx.interrupt.aborted));
    },
  }) as CommandModule<object, CapacityArgs> as CommandModule;
