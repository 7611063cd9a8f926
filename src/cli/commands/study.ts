import path from 'node:path';
import type { CommandModule } from 'yargs';
import { ChatloadError } from '../../errors.js';
import type { CapacityJson } from '../../report/capacity-schema.js';
import { buildComparison, type Comparison } from '../../report/compare-model.js';
import { writeComparisonFiles } from '../../report/compare-output.js';
import { renderComparisonTable } from '../../report/compare-render.js';
import { loadCompareSource } from '../../report/compare-sources.js';
import { writeComparisonReport } from '../../report/html-report.js';
import { capacityRatioOf, ratioSentence, type StudyJson, writeStudyFiles } from '../../report/study-report.js';
import { loadScenarioFile } from '../../scenario/load-scenario.js';
import { parseSearchArgs, type SearchArgs, withSearchOptions } from '../capacity-options.js';
import { runCapacitySearch } from '../capacity-run.js';
import type { ResolvedScenario } from '../../scenario/resolved-scenario.js';
import type { CliContext } from '../cli-context.js';
import { settle } from '../command-outcome.js';
import { enforceLivePlan } from '../live-plan-check.js';
import type { CommandFactory } from '../main.js';
import { TOOL_VERSION } from '../../pipeline/tool-version.js';
import { dirNameOf } from '../run-ids.js';
import { runScenarioToDir } from '../scenario-run.js';
import { searchOutcome, stamp } from './capacity.js';

interface StudyArgs extends SearchArgs {
  scenarios: string[];
  'run-duration'?: string;
  out?: string;
}

/** Runs each scenario as written into runs/<name>/, one after another; stops at a Ctrl-C (the interrupted run is kept, partial). */
async function runEach(scenarios: readonly ResolvedScenario[], runDirs: readonly string[], outDir: string, showProgress: boolean, ctx: CliContext): Promise<{ ran: string[]; interrupted: string | undefined }> {
  const ran: string[] = [];
  for (const [i, scenario] of scenarios.entries()) {
    if (ctx.interrupt.aborted) return { ran, interrupted: `interrupted before running ${scenario.name}` };
    ctx.stderr(`chatload study: run ${i + 1}/2 — ${scenario.name}\n`);
    const { result } = await runScenarioToDir(scenario, path.join(outDir, runDirs[i]!), { showProgress }, ctx);
    ran.push(runDirs[i]!);
    if (result.interrupted) return { ran, interrupted: `interrupted while running ${scenario.name}` };
  }
  return { ran, interrupted: undefined };
}

/** compare/ from the runs that exist, printed. */
async function compareRuns(ran: readonly string[], outDir: string, ctx: CliContext): Promise<Comparison> {
  const sources = ran.map((d) => loadCompareSource(path.join(outDir, d)));
  const comparison = buildComparison(sources);
  const compareDir = path.join(outDir, 'compare');
  writeComparisonFiles(compareDir, comparison);
  await writeComparisonReport(compareDir, comparison, sources);
  ctx.stdout(`${renderComparisonTable(comparison, { color: ctx.isTTY && !ctx.env.NO_COLOR })}\n`);
  return comparison;
}

/**
 * The researcher's one command: run each scenario as written and compare them (the load
 * multiplier at the same population), then search each one's capacity against the same mock,
 * and write one report.html on top with the headline capacity ratio. Each part keeps its own
 * directory (runs/, compare/, capacity-<name>/), so every figure can be re-made from files.
 * Interrupted, it still writes the top report of what was measured, marked partial, then exits 130.
 */
export const studyCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'study <scenarios..>',
    describe: 'Run, compare and capacity-search two scenarios (customer-service vs general-chatbot): one report with the capacity ratio',
    builder: (yargs) =>
      withSearchOptions(
        yargs
          .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'two scenario YAML files, e.g. scenarios/customer-service.yaml scenarios/general-chatbot.yaml' })
          .option('run-duration', { type: 'string', describe: 'length of the comparison runs (default: each scenario’s duration)' })
          .option('out', { type: 'string', describe: 'study directory (default results/study-<time>)' }),
      ),
    handler: async (args) => {
      if (args.scenarios.length !== 2) throw new ChatloadError('CHATLOAD_E_USAGE', `study takes two scenarios, got ${args.scenarios.length}`);
      const parsed = parseSearchArgs(args);
      const runDuration = args['run-duration'];
      const startedAt = new Date();
      const outDir = path.resolve(ctx.cwd, args.out ?? path.join('results', `study-${stamp(startedAt)}`));
      const files = args.scenarios.map((file) => path.resolve(ctx.cwd, file));
      // Validate every scenario before the first run, so a typo in the second costs no time.
      const scenarios = files.map((file) => loadScenarioFile(file, { ...parsed.overrides, ...(runDuration === undefined ? {} : { duration: runDuration, flags: { duration: '--run-duration' } }) }));
      for (const scenario of scenarios) enforceLivePlan(scenario, parsed.force, ctx);
      const names = scenarios.map((s, i) => (scenarios.findIndex((t) => t.name === s.name) === i ? dirNameOf(s.name) : `${dirNameOf(s.name)}-${i + 1}`));
      const runDirs = names.map((n) => path.join('runs', n));
      const { ran, interrupted } = await runEach(scenarios, runDirs, outDir, args.progress, ctx);
      const comparison = ran.length > 0 ? await compareRuns(ran, outDir, ctx) : undefined;
      const searches: CapacityJson[] = [];
      for (const [i, file] of files.entries()) {
        if (interrupted !== undefined || ctx.interrupt.aborted) break;
        ctx.stderr(`chatload study: capacity search ${i + 1}/2 — ${scenarios[i]!.name}\n`);
        searches.push(await runCapacitySearch({ ...parsed, scenarioFile: file, outDir: path.join(outDir, `capacity-${names[i]}`), showProgress: args.progress }, ctx));
        ctx.stdout('\n');
      }
      const stopped = interrupted ?? (ctx.interrupt.aborted ? 'interrupted during the capacity searches' : undefined);
      const study: StudyJson = {
        kind: 'study',
        toolVersion: TOOL_VERSION,
        startedAt: startedAt.toISOString(),
        scenarios: scenarios.map((s, i) => ({ name: s.name, file: path.relative(outDir, files[i]!), runDir: runDirs[i]!, capacityDir: `capacity-${names[i]}` })),
        compareDir: 'compare',
        slos: searches[0]?.slos ?? parsed.slos ?? [],
        knees: searches.map((s) => ({ name: s.scenario.name, knee: s.knee, failedAt: s.failedAt, end: s.end })),
        capacityRatio: capacityRatioOf(searches),
        ...(stopped === undefined ? {} : { interrupted: stopped }),
      };
      const report = path.relative(ctx.cwd, path.join(outDir, 'report.html'));
      if (comparison !== undefined) {
        await writeStudyFiles(outDir, { study, comparison, searches });
        ctx.stdout(`${ratioSentence(study.capacityRatio)}\n\nStudy: ${report}\n`);
      }
      const search = searchOutcome(searches, false);
      settle({ ...search, ...(stopped === undefined ? {} : { interrupted: `the study was ${stopped}; ${comparison === undefined ? 'nothing was measured' : `what was measured is in ${report} (partial)`}` }) });
    },
  }) as CommandModule<object, StudyArgs> as CommandModule;
