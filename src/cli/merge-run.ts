import path from 'node:path';
import { ChatloadError } from '../errors.js';
import { intervalRowsOf } from '../metrics/interval-rows.js';
import type { IntervalRow, RunResult } from '../metrics/run-result.js';
import { finishProvenance, startProvenance } from '../pipeline/provenance.js';
import { writeHtmlReport } from '../report/html-report.js';
import { checkShardsBelong } from '../report/merge-checks.js';
import { mergedIntervals } from '../report/merge-intervals.js';
import {
  alignShards,
  elapsedUsOf,
  mergedEventLoopDelay,
  mergedPlatformStats,
  mergedText,
  mergedTotals,
  mergedWebhooks,
  mergeRecordOf,
} from '../report/merge-result.js';
import { ResultDirWriter, resultLabel } from '../report/result-dir-writer.js';
import { readShardIntervals, readShardSummary } from '../report/shard-dir.js';
import type { SummaryJson } from '../report/summary-schema.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { refuseLatenessThresholds } from './commands/sim.js';
import { simRunId } from './run-ids.js';

export interface MergeRunOptions {
  /** Result directories, as given. */
  readonly inputs: readonly string[];
  readonly cwd: string;
  readonly outDir: string;
  /** `--threshold`s, judged with the shards' scenario thresholds. */
  readonly thresholds: readonly string[];
  readonly allowMissing: boolean;
  readonly argv: readonly string[];
  readonly log: (line: string) => void;
}

/** The shards' thresholds (each once, in order) and the command line's. */
function thresholdsOf(scenarios: readonly ResolvedScenario[], extra: readonly string[]): string[] {
  return [...new Set([...scenarios.flatMap((s) => s.thresholds), ...extra])];
}

/**
 * `chatload merge`'s work (decision 0028): read the shards' summaries and refuse what does not
 * belong together, then read their interval files and write one result directory through the
 * same writer a run uses — merged intervals as they are made, one at a time, then the totals,
 * summary.json (thresholds judged on the merged result) and report.html.
 */
export async function mergeShards(options: MergeRunOptions): Promise<{ readonly result: RunResult; readonly summary: SummaryJson }> {
  const startedAt = new Date();
  const summaries = options.inputs
    .map((dir) => readShardSummary(dir, path.resolve(options.cwd, dir)))
    .sort((a, b) => a.index - b.index);
  const set = checkShardsBelong(summaries, { allowMissing: options.allowMissing });
  const clash = summaries.find((s) => path.resolve(s.path) === path.resolve(options.outDir));
  if (clash !== undefined) throw new ChatloadError('CHATLOAD_E_USAGE', `--out ${options.outDir} is one of the shards (${clash.dir}): merge into a new directory`);
  const first = summaries[0] as (typeof summaries)[number];
  const engine = first.summary.engine;
  const scenario: ResolvedScenario = { ...first.summary.scenario, thresholds: thresholdsOf(summaries.map((s) => s.summary.scenario), options.thresholds) };
  if (engine === 'sim') refuseLatenessThresholds(scenario);

  const shards = summaries.map(readShardIntervals);
  const intervalUs = shards[0]?.stream.header.intervalUs ?? scenario.load.intervalUs;
  const { epochMs, aligned, warnings: alignWarnings } = alignShards(shards, intervalUs);
  const runId = engine === 'sim' ? simRunId(scenario) : path.basename(options.outDir);
  options.log(`chatload merge: ${shards.length} of ${set.count} shard${set.count === 1 ? '' : 's'} of ${scenario.name} (${engine}) → ${options.outDir}`);

  const provenance = startProvenance(runId, options.argv, startedAt);
  const writer = ResultDirWriter.open(options.outDir, scenario, { runId, engine, label: resultLabel(engine, scenario) });
  try {
    writer.start(epochMs, intervalUs);
    const rows: IntervalRow[] = [];
    for (const interval of mergedIntervals(aligned)) {
      writer.appendInterval(interval);
      rows.push(...intervalRowsOf(interval, intervalUs));
    }
    const platform = mergedPlatformStats(shards);
    const record = mergeRecordOf(aligned, set, platform.from);
    const { notes, warnings } = mergedText(aligned, record, alignWarnings);
    const webhooks = mergedWebhooks(shards);
    const eventLoopDelay = mergedEventLoopDelay(shards);
    const result: RunResult = {
      runId,
      engine,
      scenario,
      epochMs,
      workers: engine === 'live' ? shards.reduce((n, s) => n + s.summary.workers, 0) : 0,
      target: first.summary.target,
      planFingerprint: first.summary.planFingerprint,
      shard: null,
      elapsedUs: Math.max(...aligned.map(({ shard, offsetIntervals }) => offsetIntervals * intervalUs + elapsedUsOf(shard))),
      plannedDurationUs: scenario.durationUs,
      interrupted: shards.some((s) => s.summary.interrupted),
      intervalUs,
      series: mergedTotals(shards),
      intervals: rows,
      platformStats: platform.stats,
      ...(webhooks === undefined ? {} : { webhooks }),
      ...(eventLoopDelay === undefined ? {} : { eventLoopDelay }),
      warnings,
      notes,
      provenance: { ...finishProvenance(provenance, startedAt), threads: 0 },
      merge: record,
      partial: set.missing.length > 0 || shards.some((s) => s.summary.interrupted || (s.summary.start?.joinedAtUs ?? 0) > 0),
    };
    const summary = writer.finish(result);
    await writeHtmlReport(options.outDir);
    return { result, summary };
  } finally {
    writer.close();
  }
}
