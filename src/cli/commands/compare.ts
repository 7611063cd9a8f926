import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { ChatloadError } from '../../errors.js';
import { buildComparison } from '../../report/compare-model.js';
import { type ComparisonJson, writeComparisonFiles } from '../../report/compare-output.js';
import { renderComparisonTable } from '../../report/compare-render.js';
import { writeComparisonReport } from '../../report/html-report.js';
import { loadCompareSource } from '../../report/compare-sources.js';
import { regressionJunitXml } from '../../report/junit-xml.js';
import {
  checkRegressions,
  DEFAULT_MIN_SAMPLES,
  type RegressionCheck,
} from '../../report/regression-check.js';
import { loadScenarioFile } from '../../scenario/load-scenario.js';
import type { CliContext } from '../cli-context.js';
import type { CommandFactory } from '../main.js';
import { dirNameOf, uniqueDir } from '../run-ids.js';
import { runScenarioToDir } from '../scenario-run.js';

interface CompareArgs {
  inputs: string[];
  baseline?: string;
  'max-regression': string;
  junit?: string;
  out?: string;
  'min-samples': number;
  progress: boolean;
}

const isScenarioFile = (input: string): boolean => /\.ya?ml$/i.test(input);

/**
 * Scenario inputs are run first, as `chatload run` would, into <out>/runs/<name>/; every
 * input then names a result directory (or summary.json). Scenarios run one after another,
 * so the runs do not compete for the machine.
 */
async function resolveInputs(
  inputs: readonly string[],
  outDir: string,
  showProgress: boolean,
  ctx: CliContext,
): Promise<string[]> {
  // Every scenario is validated before the first runs, so a typo in the last costs no run time.
  const loaded = inputs.map((input) => ({
    input,
    scenario: isScenarioFile(input) ? loadScenarioFile(path.resolve(ctx.cwd, input)) : undefined,
  }));
  const resolved: string[] = [];
  for (const { input, scenario } of loaded) {
    if (scenario === undefined) {
      resolved.push(path.resolve(ctx.cwd, input));
      continue;
    }
    if (ctx.interrupt.aborted)
      throw new ChatloadError(
        'CHATLOAD_E_INTERRUPTED',
        'interrupted before every scenario was run; nothing was compared',
      );
    const runDir = uniqueDir(path.join(outDir, 'runs', dirNameOf(scenario.name)));
    const { result } = await runScenarioToDir(scenario, runDir, { showProgress }, ctx);
    if (result.interrupted)
      throw new ChatloadError(
        'CHATLOAD_E_INTERRUPTED',
        `interrupted while running ${input}; its partial results are in ${runDir}`,
      );
    ctx.stderr(`chatload compare: ran ${input} → ${path.relative(ctx.cwd, runDir) || runDir}\n`);
    resolved.push(runDir);
  }
  return resolved;
}

/** "10%" → 0.1; a bare number is percent too ("10" → 0.1). */
export function parseTolerance(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  if (!match)
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `--max-regression expects a percentage such as 10%, got "${text}"`,
    );
  return Number(match[1]) / 100;
}

const stamp = (date: Date): string => date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');

export const compareCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'compare <inputs..>',
    describe:
      'Compare result directories, summary.json files or scenarios (run first) side by side; with --baseline, fail on regressions',
    builder: (yargs) =>
      yargs
        .positional('inputs', {
          type: 'string',
          array: true,
          demandOption: true,
          describe: 'result directories, summary.json files, or scenario .yaml files to run first',
        })
        .option('baseline', {
          type: 'string',
          describe: 'result directory or summary.json to check every input against',
        })
        .option('max-regression', {
          type: 'string',
          default: '10%',
          describe: 'tolerance for p99 latency, error share and rate',
        })
        .option('min-samples', {
          type: 'number',
          default: DEFAULT_MIN_SAMPLES,
          describe: 'completions a series needs in both runs to be checked',
        })
        .option('junit', {
          type: 'string',
          describe: 'write JUnit XML (one testcase per checked metric) to this file',
        })
        .option('out', {
          type: 'string',
          describe:
            'directory for comparison.csv, comparison.json, report.html and plots/ (default results/compare-<time>)',
        })
        .option('progress', {
          type: 'boolean',
          default: true,
          describe: 'live progress while scenario inputs run (--no-progress to silence)',
        }),
    handler: async (args) => {
      const resolve = (p: string) => path.resolve(ctx.cwd, p);
      const tolerance = parseTolerance(args['max-regression']);
      const minSamples = args['min-samples'];
      if (!(Number.isInteger(minSamples) && minSamples >= 0))
        throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', '--min-samples expects a whole number ≥ 0');
      const outDir = resolve(args.out ?? path.join('results', `compare-${stamp(new Date())}`));
      const inputs = await resolveInputs(args.inputs, outDir, args.progress, ctx);
      const sources = inputs.map((input) => loadCompareSource(input));
      const comparison = buildComparison(sources);
      const color = ctx.isTTY && !ctx.env.NO_COLOR;
      ctx.stdout(renderComparisonTable(comparison, { color }));
      let json: ComparisonJson = comparison;
      let failed: { runId: string; check: RegressionCheck }[] = [];
      if (args.baseline !== undefined) {
        const baseline = loadCompareSource(resolve(args.baseline));
        const regressions = sources.map((s) => ({
          runId: s.summary.runId,
          checks: checkRegressions(s.summary, baseline.summary, { tolerance, minSamples }),
        }));
        json = {
          ...comparison,
          baseline: {
            source: baseline.path,
            runId: baseline.summary.runId,
            maxRegression: tolerance,
            minSamples,
          },
          regressions,
        };
        failed = regressions.flatMap((r) =>
          r.checks.filter((c) => !c.pass).map((check) => ({ runId: r.runId, check })),
        );
        const all = regressions.flatMap((r) => r.checks);
        const skipped = all.filter((c) => c.skipped).length;
        const checked = all.length - skipped;
        ctx.stdout(
          `\nAgainst baseline ${baseline.summary.runId} (tolerance ${args['max-regression']}): ${checked - failed.length} of ${checked} checks passed` +
            `${skipped > 0 ? `, ${skipped} skipped (series with fewer than ${minSamples} completions)` : ''}\n`,
        );
        for (const { runId, check } of failed) ctx.stdout(`  ✗ ${runId} ${check.name}: ${check.detail}\n`);
        if (args.junit !== undefined) {
          const junitPath = resolve(args.junit);
          mkdirSync(path.dirname(junitPath), { recursive: true });
          writeFileSync(
            junitPath,
            regressionJunitXml(regressions.map((r) => ({ name: r.runId, checks: r.checks }))),
          );
        }
      } else if (args.junit !== undefined) {
        throw new ChatloadError(
          'CHATLOAD_E_USAGE',
          '--junit needs --baseline: the testcases are the baseline checks',
        );
      }
      writeComparisonFiles(outDir, json);
      await writeComparisonReport(outDir, comparison, sources);
      ctx.stdout(`\nComparison: ${path.relative(ctx.cwd, outDir) || outDir}\n`);
      if (failed.length > 0) {
        const first = failed.slice(0, 3).map(({ runId, check }) => `${runId} ${check.name}: ${check.detail}`);
        throw new ChatloadError(
          'CHATLOAD_E_REGRESSION',
          `${failed.length} regression(s) beyond ${args['max-regression']} against the baseline: ${first.join('; ')}${failed.length > 3 ? '; …' : ''}`,
        );
      }
    },
  }) as CommandModule<object, CompareArgs> as CommandModule;
