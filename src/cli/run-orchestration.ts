import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChatloadError } from '../errors.js';
import { runCoordinated } from '../load/coordinator.js';
import type { TargetIdentity } from '../load/protocol.js';
import { fetchPlatformStats, probeTarget } from '../load/target-probe.js';
import { IntervalLogWriter } from '../metrics/interval-log.js';
import type { ClosedInterval } from '../metrics/run-aggregate.js';
import type { IntervalRow, MachineInfo, RunResult } from '../metrics/run-result.js';
import { startMockServer } from '../mock/start-mock-server.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { US_PER_SECOND, monotonicNowUs, usToSeconds } from '../units.js';
import type { CliContext } from './cli-context.js';
import { createProgressDisplay } from './progress-display.js';
import { TOOL_VERSION } from './tool-version.js';

/** Cloud-API version the generator speaks (any v21.0–v26.0 is accepted by the mock). */
export const GRAPH_VERSION = 'v23.0';

export interface RunOptions {
  /** The result directory to write; created if missing. */
  readonly outDir: string;
  readonly showProgress: boolean;
}

export function defaultWorkerCount(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

export function makeRunId(scenario: ResolvedScenario, startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${scenario.name.replace(/[^A-Za-z0-9_.-]+/g, '-')}-s${scenario.seed}`;
}

export function uniqueDir(base: string): string {
  if (!existsSync(base)) return base;
  for (let n = 2; ; n++) if (!existsSync(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * One live run: start the embedded mock (or probe the given target), drive the workers,
 * stream closed intervals to the interval log and the progress display, and hand back the
 * measured RunResult. The interval log is appended as each interval closes, so a crash loses
 * at most one interval; an interrupt still returns everything measured.
 */
export async function executeRun(scenario: ResolvedScenario, runId: string, options: RunOptions, ctx: CliContext): Promise<RunResult> {
  const workers = scenario.workers === 'auto' ? defaultWorkerCount() : scenario.workers;
  const startedAt = new Date();
  const mock = scenario.target === 'embedded' ? await startMockServer(scenario.mock, { host: '127.0.0.1', port: 0 }) : undefined;
  try {
    const baseUrl = mock?.url ?? scenario.target;
    await probeTarget(baseUrl);
    const target: TargetIdentity = {
      baseUrl,
      graphVersion: GRAPH_VERSION,
      phoneNumberId: scenario.mock.phoneNumberId,
      accessToken: scenario.mock.accessToken,
    };
    mkdirSync(options.outDir, { recursive: true });
    const hlogFd = openSync(path.join(options.outDir, 'histograms.hlog'), 'w');
    const intervalUs = scenario.load.intervalUs;
    const log = new IntervalLogWriter((text) => writeSync(hlogFd, text), startedAt.getTime(), intervalUs, `chatload ${TOOL_VERSION} run ${runId}`);
    const rows: IntervalRow[] = [];
    const progress = createProgressDisplay(ctx.isTTY && options.showProgress, ctx.stderr);
    let startAtUs = 0;
    const onIntervalClosed = (interval: ClosedInterval) => {
      log.write(interval);
      rows.push(...rowsOf(interval, intervalUs));
      if (options.showProgress) progress.update(progressSample(interval, intervalUs, scenario.durationUs, startAtUs));
    };
    ctx.stderr(
      `chatload ${TOOL_VERSION}: ${scenario.name} — ${scenario.users.toLocaleString('en-US')} users, ${usToSeconds(scenario.durationUs)} s, ` +
        `${workers} worker${workers === 1 ? '' : 's'}, target ${baseUrl}${mock ? ' (embedded mock)' : ''}\n`,
    );
    let outcome: Awaited<ReturnType<typeof runCoordinated>>;
    try {
      outcome = await runCoordinated({
        scenario,
        target,
        workers,
        interrupt: ctx.interrupt,
        onIntervalClosed,
        onStart: (at) => (startAtUs = at),
      });
    } finally {
      progress.stop();
      closeSync(hlogFd);
    }
    const warnings = [...outcome.warnings];
    const notSent = outcome.shards.reduce((n, s) => n + s.notSent, 0);
    const abandoned = outcome.shards.reduce((n, s) => n + s.abandoned, 0);
    if (outcome.interrupted) warnings.push(`interrupted: ${notSent} planned operations were not sent, ${abandoned} in flight were abandoned`);
    const platformStats = await fetchPlatformStats(baseUrl);
    return {
      runId,
      toolVersion: TOOL_VERSION,
      scenario,
      machine: machineInfo(),
      workers,
      targetUrl: baseUrl,
      embeddedMock: mock !== undefined,
      startedAtEpochMs: startedAt.getTime(),
      elapsedUs: Math.max(1, outcome.endUs - outcome.startAtUs),
      plannedDurationUs: scenario.durationUs,
      interrupted: outcome.interrupted,
      intervalUs,
      series: outcome.aggregate.totals,
      intervals: rows,
      platformStats,
      warnings,
    };
  } finally {
    await mock?.close();
  }
}

function rowsOf(interval: ClosedInterval, intervalUs: number): IntervalRow[] {
  const startSeconds = (interval.index * intervalUs) / US_PER_SECOND;
  const endSeconds = ((interval.index + 1) * intervalUs) / US_PER_SECOND;
  return [...interval.series].map(([key, series]) => ({
    index: interval.index,
    startSeconds,
    endSeconds,
    key,
    sent: series.counters.sent,
    count: series.counters.count,
    errors: series.counters.errors,
    latencyP50Us: series.latency.totalCount > 0 ? series.latency.getValueAtPercentile(50) : 0,
    latencyP99Us: series.latency.totalCount > 0 ? series.latency.getValueAtPercentile(99) : 0,
    serviceP99Us: series.service.totalCount > 0 ? series.service.getValueAtPercentile(99) : 0,
    inFlight: interval.inFlight,
  }));
}

function progressSample(interval: ClosedInterval, intervalUs: number, totalUs: number, startAtUs: number) {
  let completed = 0;
  let errors = 0;
  let p99 = 0;
  for (const series of interval.series.values()) {
    completed += series.counters.count;
    errors += series.counters.errors;
    if (series.latency.totalCount > 0) p99 = Math.max(p99, series.latency.getValueAtPercentile(99));
  }
  const elapsedUs = startAtUs > 0 ? Math.min(monotonicNowUs() - startAtUs, totalUs) : (interval.index + 1) * intervalUs;
  return { elapsedUs, totalUs, opsPerSecond: completed / (intervalUs / US_PER_SECOND), errors, completed, latencyP99Us: p99, inFlight: interval.inFlight };
}

function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemoryBytes: os.totalmem(),
    platform: os.platform(),
    arch: os.arch(),
    node: process.version,
  };
}

export function assertWritableOut(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `cannot create the result directory ${dir}: ${(error as Error).message}`);
  }
}
