import type { CommandModule } from 'yargs';
import type { CliContext } from '../cli-context.js';
import type { CommandFactory } from '../main.js';

export interface ReportArgs {
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
    handler: async (args) => (await import('./report-handler.js')).reportHandler(args, ctx),
  }) as CommandModule<object, ReportArgs> as CommandModule;
