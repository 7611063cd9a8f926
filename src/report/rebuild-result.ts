import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ChatloadError } from '../errors.js';
import { loopThreadOfTag } from '../metrics/event-loop-delay.js';
import {
  emptySeriesAggregate,
  MEASURES,
  type Measure,
  type SeriesAggregate,
} from '../metrics/exact-merge.js';
import { addHistogram, createHistogram, type Histogram } from '../metrics/hdr-settings.js';
import { type LoggedInterval, readIntervalLog } from '../metrics/interval-log.js';
import { type ParsedIntervalStream, parseIntervalStream } from '../metrics/interval-stream-parse.js';
import type { SeriesRecord } from '../metrics/interval-stream-schema.js';
import type { IntervalRow, RunResult } from '../metrics/run-result.js';
import type { SeriesKey } from '../metrics/series-key.js';
import { faultsConfigured } from '../platform/fault-injector.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { planFingerprint } from '../traffic/plan-fingerprint.js';
import { secondsToUs, usToSeconds } from '../units.js';
import { readResultFileText } from './read-result-dir.js';
import { RESULT_FILES } from './result-files.js';
import { StoredScenarioSchema } from './summary-schema.js';

/**
 * A result directory's run, rebuilt from the files written as it went — scenario.json before the
 * first operation, then per closed interval its hlog lines and its intervals.ndjson lines — when the
 * run never wrote its summary (kill -9, a crash, a power cut). Only whole intervals count: those the
 * stream closed (its `interval` line is the commit mark; the hlog's lines of an interval the stream
 * did not close are left out). The platform's counters and the webhooks, known only at the end, are
 * lost; the result is marked partial.
 */
export type RebuiltResult = Omit<RunResult, 'provenance'>;

const scenarioChecker = TypeCompiler.Compile(StoredScenarioSchema);

const invalid = (file: string, why: string): ChatloadError =>
  new ChatloadError('CHATLOAD_E_RESULT_DIR_INVALID', `${file}: ${why}`);

/** Whether `dir` holds what a rebuild needs (the interval stream and the scenario). */
export function canRebuild(dir: string): boolean {
  return existsSync(join(dir, RESULT_FILES.intervals)) && existsSync(join(dir, RESULT_FILES.scenario));
}

export function rebuildRunResult(dir: string): RebuiltResult {
  const scenario = readScenario(join(dir, RESULT_FILES.scenario));
  const streamPath = join(dir, RESULT_FILES.intervals);
  const stream = parseIntervalStream(readResultFileText(streamPath), streamPath);
  const hlog = readWholeLines(readResultFileText(join(dir, RESULT_FILES.hlog)));
  const { header, intervals, end } = stream;
  const committed = new Set(intervals.map((i) => i.close.index));
  const logged = readIntervalLog(hlog).filter((entry) => committed.has(indexOf(entry, header.intervalUs)));
  const series = seriesOf(stream, logged);
  if (header.engine === 'sim' && !faultsConfigured(scenario.mock.faults)) {
    // Without faults a sim records the sojourn once, as the latency (as its own totals show it).
    for (const [key, s] of series) series.set(key, { ...s, platform: s.latency });
  }
  const eventLoopDelay = floorOf(logged);
  const lastIndex = intervals.at(-1)?.close.index ?? -1;
  return {
    runId: header.runId,
    engine: header.engine,
    scenario,
    epochMs: header.runEpochMs,
    workers: header.engine === 'sim' ? 0 : workersOf(scenario, eventLoopDelay),
    target:
      header.engine === 'sim'
        ? null
        : scenario.target === 'embedded'
          ? { url: 'embedded', embeddedMock: true }
          : { url: scenario.target, embeddedMock: false },
    planFingerprint: planFingerprint(scenario),
    shard: header.shard.count > 1 ? { ...header.shard } : null,
    elapsedUs: Math.max(1, end?.elapsedUs ?? (lastIndex + 1) * header.intervalUs),
    plannedDurationUs: scenario.durationUs,
    interrupted: end?.interrupted ?? false,
    partial: true,
    intervalUs: header.intervalUs,
    series,
    intervals: intervals.flatMap(({ series: records }) => records.map(rowOf)),
    platformStats: undefined,
    ...(header.engine === 'live' && eventLoopDelay.size > 0 ? { eventLoopDelay } : {}),
    warnings: [],
    notes: [],
  };
}

function readScenario(path: string): ResolvedScenario {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readResultFileText(path));
  } catch (error) {
    if (error instanceof ChatloadError) throw error;
    throw invalid(path, 'is not valid JSON');
  }
  if (scenarioChecker.Check(parsed)) return parsed;
  const [first] = [...scenarioChecker.Errors(parsed)];
  throw invalid(
    path,
    `is not a resolved scenario (${first?.path || '/'}: ${first?.message ?? 'unexpected shape'})`,
  );
}

/** The text up to its last newline: a line cut off by a killed writer is not read. */
function readWholeLines(text: string): string {
  return text.slice(0, text.lastIndexOf('\n') + 1);
}

const indexOf = (entry: LoggedInterval, intervalUs: number): number =>
  Math.round(secondsToUs(entry.startSeconds) / intervalUs);

/** Histograms from the hlog's series lines, counters from the stream's series lines, per series. */
function seriesOf(
  stream: ParsedIntervalStream,
  logged: readonly LoggedInterval[],
): Map<SeriesKey, SeriesAggregate> {
  const series = new Map<SeriesKey, SeriesAggregate>();
  const entry = (key: SeriesKey): SeriesAggregate => {
    let found = series.get(key);
    if (!found) {
      found = emptySeriesAggregate();
      series.set(key, found);
    }
    return found;
  };
  for (const { series: records } of stream.intervals) {
    for (const r of records) {
      const c = entry(r.series).counters;
      c.sent += r.sent;
      c.count += r.count;
      c.errors += r.errors;
      c.conversationsStarted += r.conversationsStarted;
      c.bytesSent += r.bytesSent;
      c.bytesReceived += r.bytesReceived;
      for (const [code, n] of Object.entries(r.errorsByCode))
        c.errorsByCode[code] = (c.errorsByCode[code] ?? 0) + n;
    }
  }
  for (const { tag, histogram } of logged) {
    const slash = tag.lastIndexOf('/');
    const measure = tag.slice(slash + 1);
    if (slash <= 0 || !(MEASURES as readonly string[]).includes(measure)) continue;
    addHistogram(entry(tag.slice(0, slash) as SeriesKey)[measure as Measure], histogram);
  }
  return series;
}

/** Each thread's event-loop delay from the hlog's `eventloop:<thread>` lines. */
function floorOf(logged: readonly LoggedInterval[]): Map<string, Histogram> {
  const floor = new Map<string, Histogram>();
  for (const { tag, histogram } of logged) {
    const thread = loopThreadOfTag(tag);
    if (thread === undefined) continue;
    let into = floor.get(thread);
    if (!into) {
      into = createHistogram();
      floor.set(thread, into);
    }
    addHistogram(into, histogram);
  }
  return floor;
}

/** Live workers: those whose event-loop delay was logged, else the scenario's own count. */
function workersOf(scenario: ResolvedScenario, floor: ReadonlyMap<string, Histogram>): number {
  const logged = [...floor.keys()].filter((thread) => thread.startsWith('worker-')).length;
  return logged > 0 ? logged : scenario.workers === 'auto' ? 0 : scenario.workers;
}

function rowOf(r: SeriesRecord): IntervalRow {
  return {
    index: r.index,
    startSeconds: usToSeconds(r.startUs),
    endSeconds: usToSeconds(r.endUs),
    key: r.series,
    sent: r.sent,
    count: r.count,
    errors: r.errors,
    latencyP50Us: r.latencyUs.p50,
    latencyP99Us: r.latencyUs.p99,
    serviceP99Us: r.serviceUs.p99,
    inFlight: r.inFlight,
  };
}
