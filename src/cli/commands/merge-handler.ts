import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ChatloadError, type InputIssue } from '../../errors.js';
import { loadCompareSource } from '../../report/compare-sources.js';
import { regressionJunitXml } from '../../report/junit-xml.js';
import { checkRegressions } from '../../report/regression-check.js';
import type { SummaryJson } from '../../report/summary-schema.js';
import { renderSummaryTable } from '../../report/summary-table.js';
import { parseThreshold } from '../../scenario/threshold-grammar.js';
import type { CliContext } from '../cli-context.js';
import { settle } from '../command-outcome.js';
import { mergeShards } from '../merge-run.js';
import { baselineCheckOf } from '../baseline-check-options.js';
import type { MergeArgs } from './merge.js';

/** Every `--threshold` checked against the grammar at once, before anything is read. */
function checkedThresholds(sources: readonly string[]): string[] {
  const issues: InputIssue[] = sources.flatMap((source, i) => {
    const parsed = parseThreshold(source);
    return parsed.ok ? [] : [{ field: `--threshold[${i}]`, message: parsed.error }];
  });
  if (issues.length > 0)
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `${issues.length} bad --threshold value${issues.length === 1 ? '' : 's'}`,
      { issues },
    );
  return [...sources];
}

interface BaselineGate {
  readonly baseline: string;
  readonly tolerance: number;
  readonly minSamples: number;
  readonly junit: string | undefined;
}

/** `compare --baseline` on the merged result: prints the failed checks, writes JUnit XML if asked. */
function regressionsAgainst(
  summary: SummaryJson,
  gate: BaselineGate,
  toleranceText: string,
  ctx: CliContext,
): string[] {
  const baseline = loadCompareSource(gate.baseline);
  const checks = checkRegressions(summary, baseline.summary, {
    tolerance: gate.tolerance,
    minSamples: gate.minSamples,
  });
  const failed = checks.filter((c) => !c.pass);
  const checked = checks.filter((c) => !c.skipped).length;
  ctx.stdout(
    `\nAgainst baseline ${baseline.summary.runId} (tolerance ${toleranceText}): ${checked - failed.length} of ${checked} checks passed\n`,
  );
  for (const check of failed) ctx.stdout(`  ✗ ${check.name}: ${check.detail}\n`);
  if (gate.junit !== undefined) {
    mkdirSync(path.dirname(gate.junit), { recursive: true });
    writeFileSync(gate.junit, regressionJunitXml([{ name: summary.runId, checks }]));
  }
  return failed.map((check) => `${check.name}: ${check.detail}`);
}

/** What `chatload merge` does once its options are parsed; loaded only when `merge` runs (commands/merge.ts). */
export async function mergeHandler(args: MergeArgs, ctx: CliContext): Promise<void> {
  const resolve = (p: string) => path.resolve(ctx.cwd, p);
  const thresholds = checkedThresholds(args.threshold ?? []);
  const { tolerance, minSamples } = baselineCheckOf(args);
  const outDir = resolve(args.out);
  const { summary } = await mergeShards({
    inputs: args.dirs,
    cwd: ctx.cwd,
    outDir,
    thresholds,
    allowMissing: args['allow-missing'],
    argv: process.argv.slice(2),
    log: (line) => ctx.stderr(`${line}\n`),
  });
  ctx.stdout(renderSummaryTable(summary, { color: ctx.isTTY && !ctx.env.NO_COLOR }));
  ctx.stdout(`\nMerged: ${path.relative(ctx.cwd, outDir) || outDir}\n`);
  const regressions =
    args.baseline === undefined
      ? []
      : regressionsAgainst(
          summary,
          {
            baseline: resolve(args.baseline),
            tolerance,
            minSamples,
            junit: args.junit === undefined ? undefined : resolve(args.junit),
          },
          args['max-regression'],
          ctx,
        );
  settle({
    thresholdFailures: summary.thresholds.filter((t) => !t.pass).map((t) => t.detail),
    regressions,
    regressionTolerance: args['max-regression'],
  });
}
