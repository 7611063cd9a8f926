import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { ChatloadError } from '../errors.js';
import { readSummaryFile } from './read-result-dir.js';
import { RESULT_FILES } from './result-files.js';
import type { SummaryJson } from './summary-schema.js';
import { parseTimeseriesCsv, type TimeseriesRow } from './timeseries-csv.js';

/** One input of a comparison: a run's summary, and its time series when the directory has one. */
export interface CompareSource {
  /** The path as given. */
  readonly path: string;
  readonly summary: SummaryJson;
  readonly timeseries: readonly TimeseriesRow[] | undefined;
}

const SCENARIO_EXTENSIONS = new Set(['.yaml', '.yml']);

/** Reads a result directory or a summary.json file (timeseries.csv beside it is used when present). */
export function loadCompareSource(path: string): CompareSource {
  if (SCENARIO_EXTENSIONS.has(extname(path).toLowerCase())) {
    throw new ChatloadError(
      'CHATLOAD_E_USAGE',
      `${path} is a scenario file; compare takes result directories or summary.json files for now. ` +
        'Run each scenario with "chatload run <scenario>" and compare the result directories it prints.',
    );
  }
  if (!existsSync(path))
    throw new ChatloadError(
      'CHATLOAD_E_RESULT_DIR_INVALID',
      `${path}: no such result directory or summary.json`,
    );
  const isDir = statSync(path).isDirectory();
  const summaryPath = isDir ? join(path, RESULT_FILES.summary) : path;
  if (!isDir && basename(path) !== RESULT_FILES.summary && extname(path) !== '.json') {
    throw new ChatloadError(
      'CHATLOAD_E_USAGE',
      `${path}: expected a result directory or a summary.json file`,
    );
  }
  const summary = readSummaryFile(summaryPath);
  const timeseriesPath = join(isDir ? path : dirname(path), RESULT_FILES.timeseriesCsv);
  let timeseries: TimeseriesRow[] | undefined;
  if (existsSync(timeseriesPath)) {
    const parsed = parseTimeseriesCsv(readFileSync(timeseriesPath, 'utf8'));
    if (!parsed.ok)
      throw new ChatloadError('CHATLOAD_E_RESULT_DIR_INVALID', `${timeseriesPath}: ${parsed.error}`);
    timeseries = parsed.rows;
  }
  return { path, summary, timeseries };
}
