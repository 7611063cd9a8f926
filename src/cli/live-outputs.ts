import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ChatloadError } from '../errors.js';
import type { MetricsSource } from '../export/exposition.js';
import { type MetricsServer, startMetricsServer } from '../export/metrics-server.js';
import { MockMetrics, simStatsReader } from '../export/mock-metrics.js';
import type { PushGatewayPusher } from '../export/push-gateway.js';
import type { RunMetricsExporter } from '../export/run-metrics-exporter.js';
import {
  intervalRecordsOf,
  intervalStreamEnd,
  intervalStreamHeader,
  toNdjsonLine,
} from '../metrics/interval-stream.js';
import type { IntervalStreamRecord } from '../metrics/interval-stream-schema.js';
import type { ClosedInterval } from '../metrics/run-aggregate.js';
import type { RunResult } from '../metrics/run-result.js';
import type { WebhookTally } from '../metrics/webhook-tally.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { formatDurationUs } from '../units.js';
import type { CliContext } from './cli-context.js';
import type { LiveOutputOptions } from './live-output-options.js';
import { TOOL_VERSION } from '../pipeline/tool-version.js';
import type { RunListener, RunTarget } from '../pipeline/engine.js';

export interface LiveOutputs extends RunListener {
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
export async function startLiveOutputs(
  options: LiveOutputOptions,
  info: LiveRunInfo,
  ctx: CliContext,
): Promise<LiveOutputs | undefined> {
  if (options.metricsPort === undefined && options.pushGateway === undefined && options.ndjson === undefined)
    return undefined;
  const { scenario, runId } = info;
  const shard = String(options.shard.index);
  // Loaded only when an output is asked for: prom-client is not part of a plain run's start-up.
  const [{ Exposition }, { RunMetricsExporter }, { PushGatewayPusher }] = await Promise.all([
    import('../export/exposition.js'),
    import('../export/run-metrics-exporter.js'),
    import('../export/push-gateway.js'),
  ]);
  const exporter = new RunMetricsExporter({
    runId,
    scenario: scenario.name,
    seed: scenario.seed,
    toolVersion: TOOL_VERSION,
    engine: 'live',
    shard: options.shard,
  });
  const mock = new EmbeddedMockSource();
  const exposition = new Exposition([exporter, mock], { processMetrics: { run_id: runId, shard } });
  const warn = (message: string) => ctx.stderr(`chatload: warning: ${message}\n`);
  const ndjson = openNdjson(options.ndjson, ctx);
  const server =
    options.metricsPort === undefined
      ? undefined
      : await startMetricsServer(exposition, { host: options.metricsHost, port: options.metricsPort }).catch(
          (error: unknown) => {
            ndjson.close();
            throw error;
          },
        );
  if (server) ctx.stderr(`chatload: Prometheus metrics at ${server.url}\n`);
  const pusher =
    options.pushGateway === undefined
      ? undefined
      : new PushGatewayPusher(options.pushGateway, { job: 'chatload', runId, shard }, exposition, warn);
  return new RunLiveOutputs({ options, info, ctx, warn, exporter, mock, ndjson, server, pusher });
}

/** The embedded mock's view, once the run says there is one. */
class EmbeddedMockSource implements MetricsSource {
  metrics: MockMetrics | undefined;
  families() {
    return this.metrics?.families() ?? [];
  }
}

interface LiveParts {
  readonly options: LiveOutputOptions;
  readonly info: LiveRunInfo;
  readonly ctx: CliContext;
  readonly warn: (message: string) => void;
  readonly exporter: RunMetricsExporter;
  readonly mock: EmbeddedMockSource;
  readonly ndjson: NdjsonSink;
  readonly server: MetricsServer | undefined;
  readonly pusher: PushGatewayPusher | undefined;
}

class RunLiveOutputs implements LiveOutputs {
  readonly #p: LiveParts;
  #webhooks: WebhookTally | undefined;
  #runEpochMs: number | undefined;
  #intervals = 0;
  #finished = false;
  #closed = false;

  constructor(parts: LiveParts) {
    this.#p = parts;
  }

  onTargetReady(target: RunTarget): void {
    const { info, mock, options } = this.#p;
    this.#webhooks = target.webhooks;
    if (!target.embeddedMock) return;
    mock.metrics = new MockMetrics(
      simStatsReader(target.baseUrl, target.adminToken),
      info.scenario.mock.capacity.slots,
      {
        run_id: info.runId,
        shard: String(options.shard.index),
      },
    );
  }

  onStart(epochMs: number): void {
    this.#started(Math.round(epochMs));
  }

  onInterval(interval: ClosedInterval): void {
    const { exporter, ndjson, pusher, info } = this.#p;
    if (this.#runEpochMs === undefined) this.#started(Date.now());
    exporter.observeInterval(interval, {
      ...(this.#webhooks ? { webhooks: this.#webhooks } : {}),
      ...(interval.eventLoopDelay ? { eventLoopDelayUs: interval.eventLoopDelay } : {}),
    });
    if (ndjson.open) ndjson.write(intervalRecordsOf(interval, info.scenario.load.intervalUs, this.#runEpochMs ?? 0));
    this.#intervals += 1;
    pusher?.pushSoon();
  }

  async finish(result: RunResult): Promise<void> {
    const { exporter, mock, ndjson, server, pusher, warn } = this.#p;
    if (result.webhooks) exporter.readWebhooks(result.webhooks);
    if (mock.metrics && !mock.metrics.useFinal(result.platformStats))
      warn(
        "the mock's final statistics did not match their expected shape; its metrics show the last ones read",
      );
    for (const difference of exporter.differencesFrom(result.series))
      warn(`exported counters differ from the run's totals: ${difference}`);
    exporter.finish();
    this.#finished = true;
    ndjson.write([intervalStreamEnd(this.#intervals, result.interrupted, result.elapsedUs)]);
    ndjson.close();
    server?.markFinal();
    await pusher?.pushFinal();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const { ndjson, server, options, ctx, warn } = this.#p;
    ndjson.close();
    if (server && this.#finished && options.metricsLingerUs > 0) {
      ctx.stderr(
        `chatload: keeping ${server.url} up ${formatDurationUs(options.metricsLingerUs)} for a final scrape\n`,
      );
      if (!(await server.linger(options.metricsLingerUs)))
        warn('no scrape came after the run ended; Prometheus did not see the final counts');
    }
    await server?.close();
  }

  #started(runEpochMs: number): void {
    this.#runEpochMs = runEpochMs;
    this.#p.ndjson.write([header(this.#p.info, this.#p.options, runEpochMs)]);
    this.#p.exporter.started(runEpochMs);
  }
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

interface NdjsonSink {
  /** False without --ndjson: nothing is written, so the records need not be made. */
  readonly open: boolean;
  write(records: readonly IntervalStreamRecord[]): void;
  close(): void;
}

/** The NDJSON tee: appended line by line as intervals close (a file, or stdout for '-'). */
function openNdjson(target: string | undefined, ctx: CliContext): NdjsonSink {
  if (target === undefined) return { open: false, write: () => {}, close: () => {} };
  if (target === '-')
    return { open: true, write: (records) => ctx.stdout(records.map(toNdjsonLine).join('')), close: () => {} };
  let fd: number | undefined;
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    fd = openSync(target, 'w');
  } catch (error) {
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `cannot write --ndjson ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return {
    open: true,
    write: (records) => {
      if (fd !== undefined) writeSync(fd, records.map(toNdjsonLine).join(''));
    },
    close: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
