import path from 'node:path';
import type { RunResult } from '../metrics/run-result.js';
import { writeHtmlReport } from '../report/html-report.js';
import type { SummaryJson } from '../report/summary-schema.js';
import { writeResultDir } from '../report/write-result-dir.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import type { CliContext } from './cli-context.js';
import type { LiveRunListener } from './live-outputs.js';
import { executeRun } from './run-orchestration.js';

/**
 * A scenario run written as `chatload run` writes it (result files, then report.html), for
 * commands that run scenarios on the way to something else (compare, study).
 */
export async function runScenarioToDir(
  scenario: ResolvedScenario,
  outDir: string,
  options: { showProgress: boolean; live?: LiveRunListener },
  ctx: CliContext,
): Promise<{ result: RunResult; summary: SummaryJson }> {
  const result = await executeRun(scenario, path.basename(outDir), { outDir, showProgress: options.showProgress, live: options.live }, ctx);
  const summary = writeResultDir(outDir, result);
  await writeHtmlReport(outDir);
  return { result, summary };
}
