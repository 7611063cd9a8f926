import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ChatloadError } from '../errors.js';
import { Exposition, type MetricsSource } from '../export/exposition.js';
import { type MetricsServer, startMetricsServer } from '../export/metrics-server.js';
import { MockMetrics, simStatsReader } from '../export/mock-metrics.js';
import { PushGatewayPusher } from '../export/push-gateway.js';
import { RunMetricsExporter } from '../export/run-metrics-exporter.js';
import { intervalRecordsOf, intervalStreamEnd, intervalStreamHeader, toNdjsonLine } from '../metrics/interval-stream.js';
import type { IntervalStreamRecord } from '../metrics/interval-stream-schema.js';
import type { ClosedInterval } from '../metrics/run-aggregate.js';
import type { RunResult } from '../metrics/run-result.js';
import type { WebhookTally } from '../metrics/webhook-tally.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { formatDurationUs, monotonicNowUs, usToMs } from '../units.js';
import type { CliContext } from './cli-context.js';
import type { LiveOutputOptions } from './live-output-options.js';
import { TOOL_VERSION } from './tool-version.js';

/** What a run tells its listener, in order: the target answers, the plan starts, each interval closes. */
export interface LiveRunListener {
  onTargetReady(target: { readonly baseUrl: string; readonly embeddedMock: boolean; readonly webhooks: WebhookTally | undefined }): void;
  /** The plan's t = 0 on the monotonic clock (µs). */
  onStart(startAtUs: number): void;
  onInterval(closed: ClosedInterval): void;
}

export interface LiveOutputs extends LiveRunListener {
  /** The run is over: final counts (late webhooks, the mock's last statistics), `chatload_run_finished 1`, final push, end line. */
  finish(result: RunResult): Promise<void>;
  /** After `finish`, keeps /metrics up for the linger time (a final scrape); then closes everything. Safe to call twice. */
  close(): Promise<void>;
}

export interface LiveRunInfo {
  readonly runId: string;
  readonly scenario: ResolvedScenario;
}

/**
 * The live outputs of a run — /metrics, Pushgateway pushes, the NDJSON interval stream — fed
 * from the run's closed intervals. Undefined when none was asked for, so a plain run pays nothing.
 */
export async function startLiveOutputs(options: LiveOutputOptions, info: LiveRunInfo, ctx: CliContext): Promise<LiveOutputs | undefined> {
  if (options.metricsPort === undefined && options.pushGateway === undefined && options.ndjson === undefined) return undefined;
  const { scenario, runId } = info;
  const shard = String(options.shard.index);
  const exporter = new RunMetricsExporter({ runId, scenario: scenario.name, seed: scenario.seed, toolVersion: TOOL_VERSION, engine: 'live', shard: options.shard });
  let mock: MockMetrics | undefined;
  const mockSource: MetricsSource = { families: () => mock?.families() ?? [] };
  const exposition = new Exposition([exporter, mockSource], { processMetrics: { run_id: runId, shard } });
  const warn = (message: string) => ctx.stderr(`chatload: warning: ${message}\n`);
  const ndjson = openNdjson(options.ndjson, ctx);
  let server: MetricsServer | undefined;
  try {
    if (options.metricsPort !== undefined) {
      server = await startMetricsServer(exposition, { host: options.metricsHost, port: options.metricsPort });
      ctx.stderr(`chatload: Prometheus metrics at ${server.url}\n`);
    }
  } catch (error) {
    ndjson.close();
    throw error;
  }
  const pusher = options.pushGateway === undefined ? undefined : new PushGatewayPusher(options.pushGateway, { job: 'chatload', runId, shard }, exposition, warn);
  let webhooks: WebhookTally | undefined;
  let runEpochMs: number | undefined;
  let intervals = 0;
  let finished = false;
  let closed = false;
  const headerOnce = () => {
    if (runEpochMs !== undefined) return runEpochMs;
    runEpochMs = Date.now();
    ndjson.write([header(info, options, runEpochMs)]);
    return runEpochMs;
  };
  return {
    onTargetReady: (target) => {
      webhooks = target.webhooks;
      if (target.embeddedMock) mock = new MockMetrics(simStatsReader(target.baseUrl), scenario.mock.capacity.slots, { run_id: runId, shard });
    },
    onStart: (startAtUs) => {
      // t = 0 as wall-clock time: now, moved by how far the start lies ahead on the monotonic clock.
      runEpochMs = Math.round(Date.now() + usToMs(startAtUs - monotonicNowUs()));
      ndjson.write([header(info, options, runEpochMs)]);
      exporter.started(runEpochMs);
    },
    onInterval: (interval) => {
      exporter.observeInterval(interval, webhooks ? { webhooks } : {});
      ndjson.write(intervalRecordsOf(interval, scenario.load.intervalUs, headerOnce()));
      intervals += 1;
      pusher?.pushSoon();
    },
    finish: async (result) => {
      if (result.webhooks) exporter.readWebhooks(result.webhooks);
      if (mock && !mock.useFinal(result.platformStats)) warn("the mock's final statistics did not match their expected shape; its metrics show the last ones read");
      for (const difference of exporter.differencesFrom(result.series)) warn(`exported counters differ from the run's totals: ${difference}`);
      exporter.finish();
      finished = true;
      ndjson.write([intervalStreamEnd(intervals, result.interrupted, result.elapsedUs)]);
      ndjson.close();
      server?.markFinal();
      await pusher?.pushFinal();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      ndjson.close();
      if (server && finished && options.metricsLingerUs > 0) {
        ctx.stderr(`chatload: keeping ${server.url} up ${formatDurationUs(options.metricsLingerUs)} for a final scrape\n`);
        if (!(await server.linger(options.metricsLingerUs))) warn('no scrape came after the run ended; Prometheus did not see the final counts');
      }
      await server?.close();
    },
  };
}

function header(info: LiveRunInfo, options: LiveOutputOptions, runEpochMs: number): IntervalStreamRecord {
  const { scenario } = info;
  return intervalStreamHeader({
    runId: info.runId,
    toolVersion: TOOL_VERSION,
    engine: 'live',
    scenario: scenario.name,
    seed: scenario.seed,
    runEpochMs,
    clockStartHour: scenario.clock.startHour,
    intervalUs: scenario.load.intervalUs,
    shard: options.shard,
  });
}

/** The NDJSON tee: appended line by line as intervals close (a file, or stdout for '-'). */
function openNdjson(target: string | undefined, ctx: CliContext): { write(records: readonly IntervalStreamRecord[]): void; close(): void } {
  if (target === undefined) return { write: () => {}, close: () => {} };
  if (target === '-') return { write: (records) => ctx.stdout(records.map(toNdjsonLine).join('')), close: () => {} };
  let fd: number | undefined;
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    fd = openSync(target, 'w');
  } catch (error) {
    throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `cannot write --ndjson ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return {
    write: (records) => {
      if (fd !== undefined) writeSync(fd, records.map(toNdjsonLine).join(''));
    },
    close: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
