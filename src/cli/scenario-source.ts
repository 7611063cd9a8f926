import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ChatloadError } from '../errors.js';
import type { ReplayOf } from '../metrics/provenance.js';
import { RESULT_FILES } from '../report/result-files.js';
import { loadScenarioFile } from '../scenario/load-scenario.js';
import type { ResolvedScenario, ScenarioOverrides } from '../scenario/resolved-scenario.js';
import { scenarioOfStored } from '../scenario/stored-scenario.js';
import type { CliContext } from './cli-context.js';

/**
 * Where `run` and `sim` take their scenario from: a scenario file, or with `--from <result-dir>`
 * the resolved scenario a result was made with (issue 11 §9: re-make a cited figure in one
 * command). Command-line overrides apply to either. The yargs options are in scenario-source-options.ts.
 */

export interface ScenarioSourceArgs {
  readonly scenario?: string | undefined;
  readonly from?: string | undefined;
}

export interface ScenarioSource {
  readonly scenario: ResolvedScenario;
  /** Set when the scenario came from a result directory. */
  readonly replayOf?: ReplayOf;
}

const readJson = (file: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ChatloadError('CHATLOAD_E_RESULT_DIR_INVALID', `${file}: ${(error as Error).message}`);
  }
};

/** What the source result says of itself, as far as its files tell (null where they do not). */
function sourceFacts(dir: string): Pick<ReplayOf, 'runId' | 'planFingerprint' | 'toolVersion' | 'gitCommit'> {
  const optional = (name: string): Record<string, unknown> => {
    const file = path.join(dir, name);
    if (!existsSync(file)) return {};
    const value = readJson(file);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  };
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  const summary = optional(RESULT_FILES.summary);
  const provenance = optional(RESULT_FILES.provenance);
  return {
    runId: text(summary.runId ?? provenance.runId),
    planFingerprint: text(summary.planFingerprint),
    toolVersion: text(provenance.toolVersion),
    gitCommit: text(provenance.gitCommit),
  };
}

export function loadScenarioSource(
  args: ScenarioSourceArgs,
  overrides: ScenarioOverrides,
  ctx: CliContext,
): ScenarioSource {
  if (args.from !== undefined && args.scenario !== undefined) {
    throw new ChatloadError('CHATLOAD_E_USAGE', `give a scenario file or --from ${args.from}, not both`);
  }
  if (args.from === undefined) {
    if (args.scenario === undefined)
      throw new ChatloadError(
        'CHATLOAD_E_USAGE',
        'give a scenario file, or --from results/<id>/ to replay a result',
      );
    // Errors name the file as the user wrote it; relative to this process so it can be read.
    const file = path.isAbsolute(args.scenario)
      ? args.scenario
      : path.relative(process.cwd(), path.resolve(ctx.cwd, args.scenario));
    return { scenario: loadScenarioFile(file, overrides) };
  }
  const dir = path.resolve(ctx.cwd, args.from);
  const file = path.join(dir, RESULT_FILES.scenario);
  if (!existsSync(file))
    throw new ChatloadError(
      'CHATLOAD_E_RESULT_DIR_INVALID',
      `${args.from}: no ${RESULT_FILES.scenario} (is it a result directory?)`,
    );
  const shown = path.join(args.from, RESULT_FILES.scenario);
  const { scenario, restoredSecrets } = scenarioOfStored(readJson(file), shown, overrides);
  return {
    scenario,
    replayOf: { dir: args.from, ...sourceFacts(dir), restoredSecrets: [...restoredSecrets] },
  };
}
