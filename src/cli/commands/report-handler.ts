import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeHtmlReport } from '../../report/html-report.js';
import { canRebuild, rebuildRunResult } from '../../report/rebuild-result.js';
import { RESULT_FILES } from '../../report/result-files.js';
import { renderSummaryTable } from '../../report/summary-table.js';
import { writeResultFiles } from '../../report/write-result-dir.js';
import type { CliContext } from '../cli-context.js';
import type { ReportArgs } from './report.js';

/** What `chatload report` does once its options are parsed; loaded only when `report` runs (commands/report.ts). */
export async function reportHandler(args: ReportArgs, ctx: CliContext): Promise<void> {
  const dir = path.resolve(ctx.cwd, args.dir);
  const shown = (file: string) => path.relative(ctx.cwd, path.join(dir, file)) || file;
  if (!existsSync(path.join(dir, RESULT_FILES.summary)) && canRebuild(dir)) {
    const summary = writeResultFiles(dir, rebuildRunResult(dir));
    ctx.stderr(
      `chatload report: ${shown(RESULT_FILES.summary)} was missing (the run did not finish): rebuilt from ${RESULT_FILES.scenario}, ${RESULT_FILES.hlog} and ${RESULT_FILES.intervals}, marked partial\n`,
    );
    ctx.stdout(renderSummaryTable(summary, { color: ctx.isTTY && !ctx.env.NO_COLOR }));
  }
  await writeHtmlReport(dir);
  ctx.stdout(`Report: ${shown(RESULT_FILES.html)}\n`);
}
