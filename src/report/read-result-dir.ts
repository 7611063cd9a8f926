import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChatloadError } from '../errors.js';
import { RESULT_FILES } from './result-files.js';
import { SUMMARY_SCHEMA_VERSION, type SummaryJson } from './summary-schema.js';
import { parseTimeseriesCsv, type TimeseriesRow } from './timeseries-csv.js';

export interface ResultDir {
  readonly summary: SummaryJson;
  readonly timeseries: readonly TimeseriesRow[];
  /** Text of histograms.hlog (HdrHistogram interval log). */
  readonly hlog: string;
}

const invalid = (file: string, why: string, cause?: unknown): ChatloadError =>
  new ChatloadError('CHATLOAD_E_RESULT_DIR_INVALID', `${file}: ${why}`, cause === undefined ? {} : { cause });

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw invalid(path, missing ? 'file is missing (not a chatload result directory?)' : 'cannot be read', error);
  }
}

/** Reads and checks a summary.json file: JSON, the schema version this build reads, series with histograms. */
export function readSummaryFile(path: string): SummaryJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText(path));
  } catch (error) {
    if (error instanceof ChatloadError) throw error;
    throw invalid(path, 'is not valid JSON', error);
  }
  const data = parsed as Partial<SummaryJson> | null;
  if (typeof data !== 'object' || data === null) throw invalid(path, 'expected a JSON object');
  if (data.schemaVersion !== SUMMARY_SCHEMA_VERSION) {
    throw invalid(path, `schemaVersion is ${JSON.stringify(data.schemaVersion)}; this chatload reads version ${SUMMARY_SCHEMA_VERSION}`);
  }
  if (typeof data.runId !== 'string') throw invalid(path, 'runId is missing');
  if (!Array.isArray(data.series)) throw invalid(path, 'series is missing or not an array');
  for (const [index, series] of data.series.entries()) {
    if (typeof series?.key !== 'string' || typeof series.histograms?.latency !== 'string' || typeof series.count !== 'number') {
      throw invalid(path, `series[${index}] lacks key, count or encoded histograms`);
    }
  }
  if (!Array.isArray(data.thresholds)) throw invalid(path, 'thresholds is missing or not an array');
  return data as SummaryJson;
}

/** summary.json and timeseries.csv of a result directory: what the HTML report is made from. */
export function readSummaryAndTimeseries(dir: string): Omit<ResultDir, 'hlog'> {
  const summary = readSummaryFile(join(dir, RESULT_FILES.summary));
  const timeseriesPath = join(dir, RESULT_FILES.timeseriesCsv);
  const parsed = parseTimeseriesCsv(readText(timeseriesPath));
  if (!parsed.ok) throw invalid(timeseriesPath, parsed.error);
  return { summary, timeseries: parsed.rows };
}

/** Reads what reports need from a result directory, naming the file that is missing or malformed. */
export function readResultDir(dir: string): ResultDir {
  const { summary, timeseries } = readSummaryAndTimeseries(dir);
  const hlog = readText(join(dir, RESULT_FILES.hlog));
  return { summary, timeseries, hlog };
}
