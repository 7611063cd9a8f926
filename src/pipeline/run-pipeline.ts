import { intervalRowsOf } from '../metrics/interval-rows.js';
import type { ClosedInterval } from '../metrics/run-aggregate.js';
import type { IntervalRow, RunResult } from '../metrics/run-result.js';
import { writeHtmlReport } from '../report/html-report.js';
import { ResultDirWriter, resultLabel } from '../report/result-dir-writer.js';
import type { SummaryJson, ThresholdVerdict } from '../report/summary-schema.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { planFingerprint } from '../traffic/plan-fingerprint.js';
import { shardNote } from '../traffic/shard-split.js';
import type { Engine, RunListener } from './engine.js';
import { finishProvenance, startProvenance } from './provenance.js';

/**
 * The engine-neutral run (decision 0001): scenario → engine → closed intervals → RunResult →
 * result directory. The scenario is written before the first operation and each interval as it
 * closes; listeners (progress, exporters) see the same intervals. Interrupted runs are written
 * like finished ones, marked interrupted.
 */
export interface PipelineOptions {
  readonly outDir: string;
  readonly runId: string;
  readonly interrupt: AbortSignal;
  /** The command line, for provenance.json. */
  readonly argv: readonly string[];
  readonly log: (line: string) => void;
  readonly shard?: { readonly index: number; readonly count: number };
  /** Called with every closed interval after it is written (progress). */
  readonly onInterval?: (interval: ClosedInterval, intervalUs: number) => void;
  readonly onStart?: (epochMs: number) => void;
  /** Outside listeners (live metrics, the NDJSON tee). */
  readonly listener?: RunListener;
  /** Verdicts to store instead of the scenario's thresholds (capacity steps judge SLOs after a warm-up). */
  readonly judge?: (result: RunResult, writer: ResultDirWriter) => readonly ThresholdVerdict[];
}

export interface PipelineOutcome {
  readonly result: RunResult;
  readonly summary: SummaryJson;
}

export async function runPipeline(
  scenario: ResolvedScenario,
  engine: Engine,
  options: PipelineOptions,
): Promise<PipelineOutcome> {
  const startedAt = new Date();
  const provenance = startProvenance(options.runId, options.argv, startedAt);
  const writer = ResultDirWriter.open(options.outDir, scenario, {
    runId: options.runId,
    engine: engine.kind,
    label: resultLabel(engine.kind, scenario),
    ...(options.shard === undefined ? {} : { shard: options.shard }),
  });
  const intervalUs = scenario.load.intervalUs;
  // One shard of several: its share is noted and its thresholds are left to `chatload merge` (decision 0028).
  const sharded = options.shard !== undefined && options.shard.count > 1 ? options.shard : undefined;
  const rows: IntervalRow[] = [];
  let epochMs = Number.NaN;
  try {
    const outcome = await engine.run(scenario, {
      interrupt: options.interrupt,
      log: options.log,
      onTargetReady: (target) => options.listener?.onTargetReady(target),
      onStart: (at) => {
        epochMs = at;
        writer.start(at, intervalUs);
        options.onStart?.(at);
        options.listener?.onStart(at);
      },
      onIntervalClosed: (interval) => {
        writer.appendInterval(interval);
        rows.push(...intervalRowsOf(interval, intervalUs));
        options.onInterval?.(interval, intervalUs);
        options.listener?.onInterval(interval);
      },
    });
    if (Number.isNaN(epochMs)) writer.start(outcome.epochMs, intervalUs);
    const result: RunResult = {
      runId: options.runId,
      engine: engine.kind,
      scenario,
      epochMs: Number.isNaN(epochMs) ? outcome.epochMs : epochMs,
      // Sim threads never change a result: they are provenance, not a measured fact.
      workers: engine.kind === 'live' ? outcome.workers : 0,
      target: outcome.target,
      planFingerprint: planFingerprint(scenario),
      shard: options.shard ?? null,
      elapsedUs: Math.max(1, outcome.elapsedUs),
      plannedDurationUs: scenario.durationUs,
      interrupted: outcome.interrupted,
      intervalUs,
      series: outcome.series,
      intervals: rows,
      platformStats: outcome.platformStats,
      ...(outcome.webhooks === undefined ? {} : { webhooks: outcome.webhooks }),
      ...(outcome.eventLoopDelay === undefined ? {} : { eventLoopDelay: outcome.eventLoopDelay }),
      warnings: outcome.warnings,
      notes: sharded ? [...outcome.notes, shardNote(sharded, scenario)] : outcome.notes,
      provenance,
      ...(outcome.start === undefined ? {} : { start: outcome.start }),
    };
    // A shard's thresholds would judge 1/N of the run (k6 #140): the merge judges them.
    const verdicts = options.judge?.(result, writer) ?? (sharded ? [] : undefined);
    const final = {
      ...result,
      provenance: { ...finishProvenance(provenance, startedAt), threads: outcome.workers },
    };
    const summary = writer.finish(final, verdicts);
    await writeHtmlReport(options.outDir);
    return { result: final, summary };
  } finally {
    writer.close();
  }
}
