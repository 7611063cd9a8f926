import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHistogram } from '../../../src/metrics/hdr-settings.js';
import { IntervalLogWriter } from '../../../src/metrics/interval-log.js';
import { emptyCounters } from '../../../src/metrics/exact-merge.js';
import type { SeriesCounters } from '../../../src/metrics/interval-snapshot.js';
import type { ClosedInterval, SeriesAggregate } from '../../../src/metrics/run-aggregate.js';
import { emptyPlatformStats } from '../../../src/platform/platform-stats.js';
import type { IntervalRow, RunResult } from '../../../src/metrics/run-result.js';
import type { SeriesKey } from '../../../src/metrics/series-key.js';
import { loadScenarioText } from '../../../src/scenario/load-scenario.js';
import type { ResolvedScenario } from '../../../src/scenario/resolved-scenario.js';
import { msToUs, secondsToUs } from '../../../src/units.js';

export const SCENARIO_YAML = `
name: fixture
seed: 7
users: 1000
duration: 10s
workers: 2
traffic:
  mix:
    - shape: customer-service
    - shape: general-chatbot
load:
  latenessWarn: 2ms
thresholds:
  - send.p99<250ms
  - errors<1%
`;

export function fixtureScenario(extraYaml = ''): ResolvedScenario {
  return loadScenarioText(SCENARIO_YAML + extraYaml, undefined);
}

/** A series spec: latency values in µs; service is latency ÷ 2, lateness a constant. */
export interface SeriesSpec {
  readonly latencyUs: readonly number[];
  readonly latenessUs?: number;
  readonly errorsByCode?: Readonly<Record<string, number>>;
  readonly sent?: number;
}

/** A deterministic spread of values (no RNG needed): `n` values from lo to hi on a log scale. */
export function logSpreadUs(n: number, loUs: number, hiUs: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(loUs * (hiUs / loUs) ** (n === 1 ? 0 : i / (n - 1))));
}

export function aggregateOf(spec: SeriesSpec): SeriesAggregate {
  const latency = createHistogram();
  const service = createHistogram();
  const lateness = createHistogram();
  for (const v of spec.latencyUs) {
    latency.recordValue(v);
    service.recordValue(Math.max(1, Math.round(v / 2)));
  }
  const sent = spec.sent ?? spec.latencyUs.length;
  for (let i = 0; i < sent; i++) lateness.recordValue(spec.latenessUs ?? 100);
  const errorsByCode = { ...(spec.errorsByCode ?? {}) };
  const counters: SeriesCounters = {
    ...emptyCounters(),
    count: spec.latencyUs.length,
    sent,
    errors: Object.values(errorsByCode).reduce((a, b) => a + b, 0),
    errorsByCode,
    bytesSent: sent * 200,
    bytesReceived: spec.latencyUs.length * 120,
  };
  const platform = createHistogram();
  for (const v of spec.latencyUs) platform.recordValue(Math.max(1, Math.round(v / 3)));
  return { latency, service, lateness, platform, counters };
}

export const DEFAULT_SPECS: Readonly<Partial<Record<SeriesKey, SeriesSpec>>> = {
  'customer-service/inbound': { latencyUs: logSpreadUs(200, 900, msToUs(40)) },
  'customer-service/send': { latencyUs: logSpreadUs(300, 1_500, msToUs(120)), errorsByCode: { '130429': 2 } },
  'general-chatbot/inbound': { latencyUs: logSpreadUs(900, 800, msToUs(60)) },
  'general-chatbot/send': {
    latencyUs: logSpreadUs(2_000, 2_000, msToUs(400)),
    errorsByCode: { '130429': 15, http_503: 4 },
    latenessUs: 3_000,
  },
  // Sent but never completed: a series with zero completions.
  'general-chatbot/typing': { latencyUs: [], sent: 5 },
};

export interface FixtureOptions {
  readonly specs?: Readonly<Partial<Record<SeriesKey, SeriesSpec>>>;
  readonly interrupted?: boolean;
  readonly scenario?: ResolvedScenario;
  readonly runId?: string;
}

const INTERVALS = 3;

export function fixtureRunResult(options: FixtureOptions = {}): RunResult {
  const specs = options.specs ?? DEFAULT_SPECS;
  const series = new Map<SeriesKey, SeriesAggregate>();
  for (const [key, spec] of Object.entries(specs) as [SeriesKey, SeriesSpec][])
    series.set(key, aggregateOf(spec));
  const intervals: IntervalRow[] = [];
  for (let index = 0; index < INTERVALS; index++) {
    for (const [key, data] of series) {
      const share = (n: number) => Math.round(n / INTERVALS);
      intervals.push({
        index,
        startSeconds: index,
        endSeconds: index + 1,
        key,
        sent: share(data.counters.sent),
        count: share(data.counters.count),
        errors: share(data.counters.errors),
        latencyP50Us: data.latency.getValueAtPercentile(50) * (1 + index / 10),
        latencyP99Us: data.latency.getValueAtPercentile(99) * (1 + index / 10),
        serviceP99Us: data.service.getValueAtPercentile(99),
        inFlight: 3 + index,
      });
    }
  }
  return {
    runId: options.runId ?? 'fixture-run',
    engine: 'live',
    scenario: options.scenario ?? fixtureScenario(),
    workers: 2,
    target: { url: 'http://127.0.0.1:0', embeddedMock: true },
    epochMs: Date.UTC(2026, 0, 2, 3, 4, 5),
    planFingerprint: 'sha256:fixture',
    shard: null,
    elapsedUs: secondsToUs(options.interrupted ? 2.5 : INTERVALS),
    plannedDurationUs: secondsToUs(INTERVALS),
    interrupted: options.interrupted ?? false,
    intervalUs: secondsToUs(1),
    series,
    intervals,
    platformStats: {
      ...emptyPlatformStats(64),
      pricing: {
        service: { billable: 0, free: 2_260 },
        utility: { billable: 40, free: 0 },
        marketing: { billable: 0, free: 0 },
      },
    },
    warnings: [],
    notes: [],
    provenance: {
      runId: options.runId ?? 'fixture-run',
      toolVersion: '0.1.0-test',
      gitCommit: null,
      lockfileSha256: null,
      node: 'v20.19.0',
      host: { cpus: 4, cpuModel: 'test cpu', totalMemoryBytes: 8e9, platform: 'linux', arch: 'x64' },
      argv: ['run', 'fixture.yaml'],
      startedAt: '2026-01-02T03:04:05.000Z',
      wallSeconds: 3,
      threads: 2,
      peakRssBytes: 1e8,
    },
  };
}

/** Writes histograms.hlog as the run's caller does (one interval holding the totals). */
export function writeFixtureHlog(dir: string, result: RunResult): void {
  mkdirSync(dir, { recursive: true });
  let text = '';
  const writer = new IntervalLogWriter((chunk) => (text += chunk), result.epochMs, result.intervalUs);
  const interval: ClosedInterval = { index: 0, inFlight: 0, series: result.series };
  writer.write(interval);
  writeFileSync(join(dir, 'histograms.hlog'), text);
}
