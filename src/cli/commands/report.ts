import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { writeHtmlReport } from '../../report/html-report.js';
import { canRebuild, rebuildRunResult } from '../../report/rebuild-result.js';
import { RESULT_FILES } from '../../report/result-files.js';
import { renderSummaryTable } from '../../report/summary-table.js';
import { writeResultFiles } from '../../report/write-result-dir.js';
import type { CliContext } from '../cli-context.js';
import type { CommandFactory } from '../main.js';

interface ReportArgs {
  dir: string;
}

/**
 * `chatload report <dir>`: remakes report.html and plots/*.svg from a result directory's files.
 * A directory without summary.json (a run killed before its end) is rebuilt first from the files
 * written as it went: summary.json, the CSVs and .hgrm files, marked partial.
 */
export const reportCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'report <dir>',
    describe:
      'Remake report.html and plots/*.svg of a result directory from its files; an unfinished run (no summary.json) is rebuilt from its interval files first',
    builder: (yargs) =>
      yargs.positional('dir', {
        type: 'string',
        demandOption: true,
        describe: 'result directory (results/<run-id>)',
      }),
    handler: async (args) => {
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
    },
  }) as CommandModule<object, ReportArgs> as CommandModule;
