import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildComparison } from '../../report/compare-model.js';
import { type ComparisonJson, writeComparisonFiles } from '../../report/compare-output.js';
import { renderComparisonTable } from '../../report/compare-render.js';
import { type CompareSource, loadCompareSource } from '../../report/compare-sources.js';
import { writeComparisonReport } from '../../report/html-report.js';
import { regressionJunitXml } from '../../report/junit-xml.js';
import { checkRegressions } from '../../report/regression-check.js';
import { paintFor } from '../../report/terminal-paint.js';
import { compressedResultsLines } from '../../report/user-day-summary-render.js';
import { loadScenarioFile } from '../../scenario/load-scenario.js';
import type { CliContext } from '../cli-context.js';
import { settle } from '../command-outcome.js';
import { enforceLivePlan } from '../live-plan-check.js';
import { dirNameOf, uniqueDir } from '../run-ids.js';
import { runScenarioToDir } from '../scenario-run.js';
import { baselineCheckOf } from '../baseline-check-options.js';
import type { CompareArgs } from './compare.js';

const isScenarioFile = (input: string): boolean => /\.ya?ml$/i.test(input);

interface ResolvedInputs {
  /** Result directories (or summary.json files) to compare, in the order given. */
  readonly dirs: string[];
  /** Set when Ctrl-C stopped the scenario runs: what happened, in words. */
  readonly interrupted: string | undefined;
  /** Thresholds of the scenarios run here that failed. */
  readonly thresholdFailures: string[];
}

/**
 * Scenario inputs are run first, as `chatload run` would, into <out>/runs/<name>/; every
 * input then names a result directory (or summary.json). Scenarios run one after another,
 * so the runs do not compete for the machine. After a Ctrl-C no further scenario runs, and
 * what was measured (the interrupted run included, marked partial) is still compared.
 */
async function resolveInputs(
  inputs: readonly string[],
  outDir: string,
  options: { showProgress: boolean; force: boolean },
  ctx: CliContext,
): Promise<ResolvedInputs> {
  // Every scenario is validated (and judged feasible) before the first runs, so a typo in the last costs no run time.
  const loaded = inputs.map((input) => ({
    input,
    scenario: isScenarioFile(input) ? loadScenarioFile(path.resolve(ctx.cwd, input)) : undefined,
  }));
  for (const { scenario } of loaded)
    if (scenario !== undefined) enforceLivePlan(scenario, options.force, ctx);
  const { showProgress } = options;
  const resolved: ResolvedInputs = { dirs: [], interrupted: undefined, thresholdFailures: [] };
  let interrupted: string | undefined;
  for (const { input, scenario } of loaded) {
    if (scenario === undefined) {
      resolved.dirs.push(path.resolve(ctx.cwd, input));
      continue;
    }
    if (interrupted !== undefined) continue;
    if (ctx.interrupt.aborted) {
      interrupted = `interrupted before ${input} ran`;
      continue;
    }
    const runDir = uniqueDir(path.join(outDir, 'runs', dirNameOf(scenario.name)));
    const { result, summary } = await runScenarioToDir(scenario, runDir, { showProgress }, ctx);
    resolved.dirs.push(runDir);
    resolved.thresholdFailures.push(
      ...summary.thresholds.filter((t) => !t.pass).map((t) => `${input}: ${t.detail}`),
    );
    if (result.interrupted)
      interrupted = `interrupted while running ${input}; its partial results are in ${path.relative(ctx.cwd, runDir) || runDir}`;
    else ctx.stderr(`chatload compare: ran ${input} → ${path.relative(ctx.cwd, runDir) || runDir}\n`);
  }
  return { ...resolved, interrupted };
}

const stamp = (date: Date): string => date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');

interface BaselineOptions {
  readonly baseline: string;
  readonly tolerance: number;
  readonly toleranceText: string;
  readonly minSamples: number;
  readonly junit: string | undefined;
}

/** Checks every source against the baseline, prints the verdicts, writes JUnit XML if asked; returns the JSON and the failures in words. */
function checkAgainstBaseline(
  comparison: ComparisonJson,
  sources: readonly CompareSource[],
  options: BaselineOptions,
  ctx: CliContext,
): { json: ComparisonJson; failures: string[] } {
  const { tolerance, minSamples } = options;
  const baseline = loadCompareSource(options.baseline);
  const regressions = sources.map((s) => ({
    runId: s.summary.runId,
    checks: checkRegressions(s.summary, baseline.summary, { tolerance, minSamples }),
  }));
  const json = {
    ...comparison,
    baseline: { source: baseline.path, runId: baseline.summary.runId, maxRegression: tolerance, minSamples },
    regressions,
  };
  const failed = regressions.flatMap((r) =>
    r.checks.filter((c) => !c.pass).map((check) => ({ runId: r.runId, check })),
  );
  const all = regressions.flatMap((r) => r.checks);
  const skipped = all.filter((c) => c.skipped).length;
  const checked = all.length - skipped;
  ctx.stdout(
    `\nAgainst baseline ${baseline.summary.runId} (tolerance ${options.toleranceText}): ${checked - failed.length} of ${checked} checks passed` +
      `${skipped > 0 ? `, ${skipped} skipped (series with fewer than ${minSamples} completions)` : ''}\n`,
  );
  for (const { runId, check } of failed) ctx.stdout(`  ✗ ${runId} ${check.name}: ${check.detail}\n`);
  if (options.junit !== undefined) {
    mkdirSync(path.dirname(options.junit), { recursive: true });
    writeFileSync(
      options.junit,
      regressionJunitXml(regressions.map((r) => ({ name: r.runId, checks: r.checks }))),
    );
  }
  return { json, failures: failed.map(({ runId, check }) => `${runId} ${check.name}: ${check.detail}`) };
}

/** What `chatload compare` does once its options are parsed; loaded only when `compare` runs (commands/compare.ts). */
export async function compareHandler(args: CompareArgs, ctx: CliContext): Promise<void> {
  const resolve = (p: string) => path.resolve(ctx.cwd, p);
  const { tolerance, minSamples } = baselineCheckOf(args);
  const outDir = resolve(args.out ?? path.join('results', `compare-${stamp(new Date())}`));
  const inputs = await resolveInputs(
    args.inputs,
    outDir,
    { showProgress: args.progress, force: args.force },
    ctx,
  );
  if (inputs.dirs.length === 0)
    settle({ interrupted: `${inputs.interrupted ?? 'interrupted'}; nothing was compared` });
  const sources = inputs.dirs.map((input) => loadCompareSource(input));
  const comparison = buildComparison(sources);
  const color = ctx.isTTY && !ctx.env.NO_COLOR;
  ctx.stdout(renderComparisonTable(comparison, { color }));
  for (const line of compressedResultsLines(
    sources.map((s) => s.summary),
    paintFor(color),
  ))
    ctx.stdout(`${line}\n`);
  let json: ComparisonJson = comparison;
  let regressions: string[] = [];
  // A partial run against a baseline would read as regressions; an interrupted compare is not judged.
  if (args.baseline !== undefined && inputs.interrupted === undefined) {
    const junit = args.junit === undefined ? undefined : resolve(args.junit);
    ({ json, failures: regressions } = checkAgainstBaseline(
      comparison,
      sources,
      {
        baseline: resolve(args.baseline),
        tolerance,
        toleranceText: args['max-regression'],
        minSamples,
        junit,
      },
      ctx,
    ));
  }
  writeComparisonFiles(outDir, json);
  await writeComparisonReport(outDir, comparison, sources);
  const where = path.relative(ctx.cwd, outDir) || outDir;
  ctx.stdout(`\nComparison: ${where}\n`);
  settle({
    ...(inputs.interrupted === undefined
      ? {}
      : { interrupted: `compare was ${inputs.interrupted}; what was measured is compared in ${where}` }),
    thresholdFailures: inputs.thresholdFailures,
    regressions,
    regressionTolerance: args['max-regression'],
  });
}
