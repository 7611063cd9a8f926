import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeHistograms, type SeriesAggregate } from '../metrics/exact-merge.js';
import type { RunResult } from '../metrics/run-result.js';
import { splitSeriesKey } from '../metrics/series-key.js';
import { hgrmText } from './hgrm.js';
import { latencyCsv } from './latency-csv.js';
import { opHgrmFile, RESULT_FILES, shapeOpHgrmFile } from './result-files.js';
import { summarizeSeries } from './series-summary.js';
import { buildSummary } from './summary-build.js';
import type { SummaryJson, ThresholdVerdict } from './summary-schema.js';
import { evaluateThresholds } from './thresholds.js';
import { timeseriesCsv, timeseriesRowOf } from './timeseries-csv.js';

/**
 * The end-of-run files of a result directory: latency.csv, timeseries.csv, one .hgrm per
 * operation kind (merged over shapes) and per shape-operation, then summary.json last. The
 * interval log and provenance are ResultDirWriter's. Works for interrupted runs and series with
 * no completions. Without `verdicts`, the scenario's own thresholds are evaluated here.
 */
export function writeResultFiles(
  dir: string,
  result: Omit<RunResult, 'provenance'>,
  verdicts?: readonly ThresholdVerdict[],
): SummaryJson {
  mkdirSync(dir, { recursive: true });
  const series = summarizeSeries(result.series, result.elapsedUs);
  const summary = buildSummary(
    result,
    verdicts ?? evaluateThresholds(series, result.scenario.thresholds),
    series,
  );
  writeFileSync(join(dir, RESULT_FILES.latencyCsv), latencyCsv(summary.series));
  writeFileSync(
    join(dir, RESULT_FILES.timeseriesCsv),
    timeseriesCsv(result.intervals.map((row) => timeseriesRowOf(row, summary.elapsedSeconds))),
  );
  writeHgrmFiles(dir, result);
  writeFileSync(join(dir, RESULT_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

function writeHgrmFiles(dir: string, result: Pick<RunResult, 'series'>): void {
  const byOp = new Map<string, SeriesAggregate[]>();
  for (const [key, data] of result.series) {
    const { shape, op } = splitSeriesKey(key);
    writeFileSync(join(dir, shapeOpHgrmFile(shape, op)), hgrmText(data.latency));
    byOp.set(op, [...(byOp.get(op) ?? []), data]);
  }
  for (const [op, parts] of byOp)
    writeFileSync(join(dir, opHgrmFile(op)), hgrmText(mergeHistograms(parts.map((p) => p.latency))));
}
