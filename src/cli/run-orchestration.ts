import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChatloadError } from '../errors.js';
import { runCoordinated } from '../load/coordinator.js';
import type { TargetIdentity } from '../load/protocol.js';
import { fetchPlatformStats, probeTarget } from '../load/target-probe.js';
import { type RunningWebhookReceiver, SENT_AT_HEADER, startWebhookReceiver } from '../load/webhook-receiver.js';
import { IntervalLogWriter, mergeHistograms } from '../metrics/interval-log.js';
import type { ClosedInterval } from '../metrics/run-aggregate.js';
import type { IntervalRow, MachineInfo, RunResult } from '../metrics/run-result.js';
import { startMockServer } from '../mock/start-mock-server.js';
import type { FetchLike } from '../mock/webhook-delivery.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { shapeResolver } from '../traffic/user-identity.js';
import { US_PER_SECOND, monotonicNowUs, usToSeconds } from '../units.js';
import type { CliContext } from './cli-context.js';
import type { LiveRunListener } from './live-outputs.js';
import { createProgressDisplay } from './progress-display.js';
import { TOOL_VERSION } from './tool-version.js';

/** Cloud-API version the generator speaks (any v21.0–v26.0 is accepted by the mock). */
export const GRAPH_VERSION = 'v23.0';

export interface RunOptions {
  /** The result directory to write; created if missing. */
  readonly outDir: string;
  readonly showProgress: boolean;
  /** Live outputs (issue 13: /metrics, Pushgateway, NDJSON), told of the target, the start and each closed interval. */
  readonly live?: LiveRunListener;
}

/**
 * After the last operation, how long to let webhooks already on their way arrive: inbound (5 ms)
 * and `sent` (20 ms) updates plus the 10 ms batch window fit easily; `delivered` and `read`
 * (mean 0.3 s and 3 s later) of the run's last moments are cut off and reported as in flight.
 */
const WEBHOOK_FLUSH_MS = 300;

export function defaultWorkerCount(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

/** A directory name from a scenario name: letters, digits, dot, dash and underscore. */
export const dirNameOf = (name: string): string => name.replace(/[^A-Za-z0-9_.-]+/g, '-');

export function makeRunId(scenario: ResolvedScenario, startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${dirNameOf(scenario.name)}-s${scenario.seed}`;
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
  const embedded = scenario.target === 'embedded';
  const receiver = embedded && scenario.mock.webhooks.enabled ? await startReceiver(scenario) : undefined;
  const mock = embedded
    ? await startMockServer(
        receiver ? { ...scenario.mock, webhooks: { ...scenario.mock.webhooks, url: receiver.url } } : scenario.mock,
        { host: '127.0.0.1', port: 0 },
        receiver ? { webhookFetch: stampedFetch } : {},
      ).catch(async (error: unknown) => {
        await receiver?.close();
        throw error;
      })
    : undefined;
  let mockClosed = false;
  const closeMock = async () => {
    if (mockClosed) return;
    mockClosed = true;
    await mock?.close();
  };
  try {
    const baseUrl = mock?.url ?? scenario.target;
    await probeTarget(baseUrl);
    options.live?.onTargetReady({ baseUrl, embeddedMock: mock !== undefined, webhooks: receiver?.tally }); // live outputs (issue 13)
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
    const sofar = { completed: 0, errors: 0 };
    const onIntervalClosed = (interval: ClosedInterval) => {
      log.write(interval);
      options.live?.onInterval(interval); // live outputs (issue 13)
      rows.push(...rowsOf(interval, intervalUs));
      if (options.showProgress) progress.update(progressSample(interval, intervalUs, scenario.durationUs, startAtUs, sofar));
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
        onStart: (at) => {
          startAtUs = at;
          options.live?.onStart(at); // live outputs (issue 13)
        },
      });
    } finally {
      progress.stop();
      closeSync(hlogFd);
    }
    const warnings = [...outcome.warnings];
    const notSent = outcome.shards.reduce((n, s) => n + s.notSent, 0);
    const abandoned = outcome.shards.reduce((n, s) => n + s.abandoned, 0);
    if (outcome.interrupted) warnings.push(`interrupted: ${notSent} planned operations were not sent, ${abandoned} in flight were abandoned`);
    if (receiver) await new Promise((resolve) => setTimeout(resolve, WEBHOOK_FLUSH_MS));
    const platformStats = await fetchPlatformStats(baseUrl);
    // Closing the mock sends its last batch and waits for POSTs under way, so the tally is final after it.
    await closeMock();
    await receiver?.close();
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
      ...(receiver ? { webhooks: receiver.tally } : {}),
      warnings,
    };
  } finally {
    await closeMock();
    await receiver?.close();
  }
}

/** The business's webhook endpoint for this run, subscribed with the GET handshake as Meta would. */
async function startReceiver(scenario: ResolvedScenario): Promise<RunningWebhookReceiver> {
  const { appSecret, verifyToken } = scenario.mock;
  const receiver = await startWebhookReceiver({ appSecret, verifyToken, shapeOf: shapeResolver(scenario.users, scenario.traffic.mix) });
  const challenge = String(scenario.seed);
  const query = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': challenge });
  const answer = await fetch(`${receiver.url}?${query}`);
  if (answer.status !== 200 || (await answer.text()) !== challenge) {
    await receiver.close();
    throw new ChatloadError('CHATLOAD_E_INTERNAL', `the run's webhook receiver refused its own subscription handshake (HTTP ${answer.status})`);
  }
  return receiver;
}

/** The mock's webhook POSTs, stamped with their send time so the receiver can time delivery exactly. */
const stampedFetch: FetchLike = (url, init) => fetch(url, { ...init, headers: { ...init.headers, [SENT_AT_HEADER]: String(monotonicNowUs()) } });

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

/** The progress line: this interval's rate and p99 (merged over every series), errors and completions so far. */
function progressSample(interval: ClosedInterval, intervalUs: number, totalUs: number, startAtUs: number, sofar: { completed: number; errors: number }) {
  let completed = 0;
  for (const series of interval.series.values()) {
    completed += series.counters.count;
    sofar.errors += series.counters.errors;
  }
  sofar.completed += completed;
  const latency = mergeHistograms([...interval.series.values()].map((series) => series.latency));
  const elapsedUs = startAtUs > 0 ? Math.min(monotonicNowUs() - startAtUs, totalUs) : (interval.index + 1) * intervalUs;
  return {
    elapsedUs,
    totalUs,
    opsPerSecond: completed / (intervalUs / US_PER_SECOND),
    errors: sofar.errors,
    completed: sofar.completed,
    latencyP99Us: latency.totalCount > 0 ? latency.getValueAtPercentile(99) : 0,
    inFlight: interval.inFlight,
  };
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
