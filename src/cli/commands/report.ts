import path from 'node:path';
import type { CommandModule } from 'yargs';
import { writeHtmlReport } from '../../report/html-report.js';
import { RESULT_FILES } from '../../report/result-files.js';
import type { CliContext } from '../cli-context.js';
import type { CommandFactory } from '../main.js';

interface ReportArgs {
  dir: string;
}

/** `chatload report <dir>`: remakes report.html and plots/*.svg from a result directory's files. */
export const reportCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'report <dir>',
    describe: 'Remake report.html and plots/*.svg of a result directory from its files',
    builder: (yargs) =>
      yargs.positional('dir', {
        type: 'string',
        demandOption: true,
        describe: 'result directory (results/<run-id>)',
      }),
    handler: async (args) => {
      const dir = path.resolve(ctx.cwd, args.dir);
      await writeHtmlReport(dir);
      ctx.stdout(
        `Report: ${path.relative(ctx.cwd, path.join(dir, RESULT_FILES.html)) || RESULT_FILES.html}\n`,
      );
    },
  }) as CommandModule<object, ReportArgs> as CommandModule;
