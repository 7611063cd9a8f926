import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ChatloadError } from '../errors.js';
import { RESULT_FILES } from './result-files.js';
import { SUMMARY_SCHEMA_VERSION, type SummaryJson, SummarySchema } from './summary-schema.js';
import { upgradeV1Summary } from './summary-upgrade.js';
import { parseTimeseriesCsv, type TimeseriesRow } from './timeseries-csv.js';

export interface ResultDir {
  readonly summary: SummaryJson;
  readonly timeseries: readonly TimeseriesRow[];
  /** Text of histograms.hlog (HdrHistogram interval log). */
  readonly hlog: string;
}

const invalid = (file: string, why: string, cause?: unknown): ChatloadError =>
  new ChatloadError('CHATLOAD_E_RESULT_DIR_INVALID', `${file}: ${why}`, cause === undefined ? {} : { cause });

/**
 * A result directory's file as text; a missing or unreadable file is a coded error naming it.
 * `missingHint` follows "file is missing" (empty: nothing follows).
 */
export function readResultFileText(path: string, missingHint = '(not a chatload result directory?)'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw invalid(
      path,
      missing ? `file is missing${missingHint === '' ? '' : ` ${missingHint}`}` : 'cannot be read',
      error,
    );
  }
}

const summaryChecker = TypeCompiler.Compile(SummarySchema);

/** Reads and validates a summary.json (v2, or v1 upgraded in memory), naming what is wrong. */
export function readSummaryFile(path: string): SummaryJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readResultFileText(path));
  } catch (error) {
    if (error instanceof ChatloadError) throw error;
    throw invalid(path, 'is not valid JSON', error);
  }
  return checkSummary(parsed, path);
}

/** Validates a parsed summary against the v2 schema (upgrading v1 first). */
export function checkSummary(parsed: unknown, path: string): SummaryJson {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw invalid(path, 'expected a JSON object');
  const version = (parsed as { schemaVersion?: unknown }).schemaVersion;
  const data = version === 1 ? upgradeV1Summary(parsed as Record<string, unknown>) : parsed;
  if (version !== 1 && version !== SUMMARY_SCHEMA_VERSION) {
    throw invalid(
      path,
      `schemaVersion is ${JSON.stringify(version)}; this chatload reads versions 1 and ${SUMMARY_SCHEMA_VERSION}`,
    );
  }
  if (summaryChecker.Check(data)) return data;
  const problems = [...summaryChecker.Errors(data)].slice(0, 3).map((e) => `${e.path || '/'}: ${e.message}`);
  throw invalid(
    path,
    `does not match the summary.json v${SUMMARY_SCHEMA_VERSION} schema (${problems.join('; ')})`,
  );
}

/** summary.json and timeseries.csv of a result directory: what the HTML report is made from. */
export function readSummaryAndTimeseries(dir: string): Omit<ResultDir, 'hlog'> {
  const summary = readSummaryFile(join(dir, RESULT_FILES.summary));
  const timeseriesPath = join(dir, RESULT_FILES.timeseriesCsv);
  const parsed = parseTimeseriesCsv(readResultFileText(timeseriesPath));
  if (!parsed.ok) throw invalid(timeseriesPath, parsed.error);
  return { summary, timeseries: parsed.rows };
}

/** Reads what reports need from a result directory, naming the file that is missing or malformed. */
export function readResultDir(dir: string): ResultDir {
  const { summary, timeseries } = readSummaryAndTimeseries(dir);
  const hlog = readResultFileText(join(dir, RESULT_FILES.hlog));
  return { summary, timeseries, hlog };
}
