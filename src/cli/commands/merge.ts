import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { ChatloadError, type InputIssue } from '../../errors.js';
import { loadCompareSource } from '../../report/compare-sources.js';
import { regressionJunitXml } from '../../report/junit-xml.js';
import { checkRegressions, DEFAULT_MIN_SAMPLES } from '../../report/regression-check.js';
import type { SummaryJson } from '../../report/summary-schema.js';
import { renderSummaryTable } from '../../report/summary-table.js';
import { parseThreshold } from '../../scenario/threshold-grammar.js';
import type { CliContext } from '../cli-context.js';
import { settle } from '../command-outcome.js';
import type { CommandFactory } from '../main.js';
import { mergeShards } from '../merge-run.js';
import { parseTolerance } from './compare.js';

interface MergeArgs {
  dirs: string[];
  out: string;
  threshold?: string[];
  'allow-missing': boolean;
  baseline?: string;
  'max-regression': string;
  'min-samples': number;
  junit?: string;
}

/** Every `--threshold` checked against the grammar at once, before anything is read. */
function checkedThresholds(sources: readonly string[]): string[] {
  const issues: InputIssue[] = sources.flatMap((source, i) => {
    const parsed = parseThreshold(source);
    return parsed.ok ? [] : [{ field: `--threshold[${i}]`, message: parsed.error }];
  });
  if (issues.length > 0) throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `${issues.length} bad --threshold value${issues.length === 1 ? '' : 's'}`, { issues });
  return [...sources];
}

interface BaselineGate {
  readonly baseline: string;
  readonly tolerance: number;
  readonly minSamples: number;
  readonly junit: string | undefined;
}

/** `compare --baseline` on the merged result: prints the failed checks, writes JUnit XML if asked. */
function regressionsAgainst(summary: SummaryJson, gate: BaselineGate, toleranceText: string, ctx: CliContext): string[] {
  const baseline = loadCompareSource(gate.baseline);
  const checks = checkRegressions(summary, baseline.summary, { tolerance: gate.tolerance, minSamples: gate.minSamples });
  const failed = checks.filter((c) => !c.pass);
  const checked = checks.filter((c) => !c.skipped).length;
  ctx.stdout(`\nAgainst baseline ${baseline.summary.runId} (tolerance ${toleranceText}): ${checked - failed.length} of ${checked} checks passed\n`);
  for (const check of failed) ctx.stdout(`  ✗ ${check.name}: ${check.detail}\n`);
  if (gate.junit !== undefined) {
    mkdirSync(path.dirname(gate.junit), { recursive: true });
    writeFileSync(gate.junit, regressionJunitXml([{ name: summary.runId, checks }]));
  }
  return failed.map((check) => `${check.name}: ${check.detail}`);
}

/**
 * `chatload merge <dir>... --out DIR` (decision 0028): the shards of one run merged exactly into one
 * result directory that `report` and `compare` read like any other; thresholds (the shards'
 * scenario's and `--threshold`) judged on the merged result (exit 99), and with `--baseline` a
 * regression gate (exit 4; 99 wins). Shards that do not belong together are refused (exit 2).
 */
export const mergeCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'merge <dirs..>',
    describe: 'Merge the result directories of a sharded run exactly (histograms and counters add) and judge thresholds on the whole',
    builder: (yargs) =>
      yargs
        .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'the shards’ result directories' })
        .option('out', { type: 'string', demandOption: true, describe: 'the merged result directory' })
        .option('threshold', { type: 'string', array: true, describe: 'threshold judged on the merged result, e.g. "send.p99<250ms" (repeatable; with the scenario’s)' })
        .option('allow-missing', { type: 'boolean', default: false, describe: 'merge when some shard indexes are absent; the result says partial and which' })
        .option('baseline', { type: 'string', describe: 'result directory or summary.json to check the merged result against (exit 4 on regression)' })
        .option('max-regression', { type: 'string', default: '10%', describe: 'tolerance for p99 latency, error share and rate' })
        .option('min-samples', { type: 'number', default: DEFAULT_MIN_SAMPLES, describe: 'completions a series needs in both runs to be checked' })
        .option('junit', { type: 'string', describe: 'write JUnit XML of the baseline checks to this file' }),
    handler: async (args) => {
      const resolve = (p: string) => path.resolve(ctx.cwd, p);
      const thresholds = checkedThresholds(args.threshold ?? []);
      const tolerance = parseTolerance(args['max-regression']);
      const minSamples = args['min-samples'];
      if (!(Number.isInteger(minSamples) && minSamples >= 0)) throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', '--min-samples expects a whole number ≥ 0');
      if (args.junit !== undefined && args.baseline === undefined) throw new ChatloadError('CHATLOAD_E_USAGE', '--junit needs --baseline: the testcases are the baseline checks');
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
          : regressionsAgainst(summary, { baseline: resolve(args.baseline), tolerance, minSamples, junit: args.junit === undefined ? undefined : resolve(args.junit) }, args['max-regression'], ctx);
      settle({
        thresholdFailures: summary.thresholds.filter((t) => !t.pass).map((t) => t.detail),
        regressions,
        regressionTolerance: args['max-regression'],
      });
    },
  }) as CommandModule<object, MergeArgs> as CommandModule;
