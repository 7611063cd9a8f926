import type { CommandModule } from 'yargs';
import { RESULT_FILES } from '../../report/result-files.js';
import type { CliContext } from '../cli-context.js';
import type { CommandFactory } from '../main.js';

export interface ExportArgs {
  format: 'openmetrics';
  source: string;
  out?: string;
  'epoch-day': string;
  hlog?: string;
}

/**
 * `chatload export openmetrics <result-dir|intervals.ndjson>`: a run's (or a sim's) interval
 * stream as OpenMetrics with timestamps, for `promtool tsdb create-blocks-from openmetrics`, so
 * a finished or simulated run is browsable on the same Grafana dashboard as a live one.
 */
export const exportCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'export <format> <source>',
    describe:
      "Write a result directory's interval stream as OpenMetrics, for promtool tsdb create-blocks-from openmetrics",
    builder: (yargs) =>
      yargs
        .positional('format', {
          type: 'string',
          choices: ['openmetrics'],
          demandOption: true,
          describe: 'output format',
        })
        .positional('source', {
          type: 'string',
          demandOption: true,
          // RESULT_FILES.intervals is the interval stream's file (INTERVAL_STREAM_FILE), named here without loading its schema.
          describe: `result directory (its ${RESULT_FILES.intervals} and ${RESULT_FILES.hlog}) or an ${RESULT_FILES.intervals} file`,
        })
        .option('out', { type: 'string', describe: 'output file (default: stdout)' })
        .option('epoch-day', {
          type: 'string',
          default: 'previous',
          describe:
            "where t = 0 lands: 'previous' (yesterday, UTC, at the scenario's start hour), a date YYYY-MM-DD (same hour), or 'run' (the run's own time)",
        })
        .option('hlog', {
          type: 'string',
          describe: `interval histograms for the latency buckets (default: the directory's ${RESULT_FILES.hlog})`,
        }),
    handler: async (args) => (await import('./export-handler.js')).exportHandler(args, ctx),
  }) as CommandModule<object, ExportArgs> as CommandModule;
