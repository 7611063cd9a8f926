import { ChatloadError } from '../errors.js';
import {
  addToBucketTally,
  type BucketTally,
  cumulativeCounts,
  emptyBucketTally,
} from '../metrics/histogram-buckets.js';
import { loopThreadOfTag } from '../metrics/event-loop-delay.js';
import type { LoggedInterval } from '../metrics/interval-log.js';
import type { ParsedIntervalStream } from '../metrics/interval-stream-parse.js';
import type { IntervalStreamHeader, SeriesRecord } from '../metrics/interval-stream-schema.js';
import { SECONDS_PER_HOUR, msToSeconds, secondsToMs, secondsToUs, usToMs, usToSeconds } from '../units.js';
import type { Labels } from './metric-families.js';
import { addPoint, type OmFamily, omFamily, openMetricsText } from './openmetrics-text.js';
import { LATENCY_BOUNDS_US, LATENESS_BOUNDS_US, RUN_METRICS as M } from './run-metric-catalogue.js';

/** Where the stream's t = 0 lands: its own epoch, or a calendar day (UTC) at the clock's start hour. */
export type EpochDay =
  | { readonly kind: 'run' }
  | { readonly kind: 'previous' }
  | { readonly kind: 'date'; readonly date: string };

export function parseEpochDay(text: string): EpochDay {
  if (text === 'run' || text === 'previous') return { kind: text };
  if (
    /^\d{4}-\d{2}-\d{2}$/.test(text) &&
    !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
    new Date(`${text}T00:00:00Z`).toISOString().startsWith(text)
  ) {
    return { kind: 'date', date: text };
  }
  throw new ChatloadError(
    'CHATLOAD_E_OPTION_INVALID',
    `--epoch-day expects previous, run or a date YYYY-MM-DD, got "${text}"`,
  );
}

/**
 * The absolute epoch (ms) of the stream's t = 0. `previous`: the calendar day (UTC) before
 * `nowMs`, at the hour the plan's clock shows at t = 0, so a simulated day lands on yesterday's
 * hours, within Prometheus's retention. `run`: the stream's own epoch.
 */
export function epochMsOf(header: IntervalStreamHeader, day: EpochDay, nowMs: number): number {
  if (day.kind === 'run') return header.runEpochMs;
  const now = new Date(nowMs);
  const midnightMs =
    day.kind === 'date'
      ? Date.parse(`${day.date}T00:00:00Z`)
      : Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1);
  return midnightMs + secondsToMs(header.clockStartHour * SECONDS_PER_HOUR);
}

const MEASURES = [
  { measure: 'latency', metric: M.latency, boundsUs: LATENCY_BOUNDS_US },
  { measure: 'service', metric: M.service, boundsUs: LATENCY_BOUNDS_US },
  { measure: 'lateness', metric: M.lateness, boundsUs: LATENESS_BOUNDS_US },
  // The hlog's `eventloop:<thread>` lines (the measurement floor, decision 0020), labelled by thread.
  { measure: 'eventloop', metric: M.eventLoopDelay, boundsUs: LATENESS_BOUNDS_US },
] as const;

/** A counter family's name without the `_total` its samples carry (OpenMetrics names families bare). */
const bare = (name: string): string => name.replace(/_total$/, '');

interface SeriesTotals {
  readonly labels: Labels;
  ok: number;
  error: number;
  sent: number;
  bytesSent: number;
  bytesReceived: number;
  readonly errorsByCode: Map<string, number>;
}

/**
 * The stream as OpenMetrics text with timestamps from `epochMs`: the live exporter's metric
 * names and labels (counters cumulative from t = 0), so the dashboard reads a simulated or
 * finished run like a live one. Histograms come from the hlog's interval histograms when given
 * (the stream carries only summaries). A series has a point at every interval end from its
 * first appearance on.
 */
export function openMetricsOf(
  stream: ParsedIntervalStream,
  options: { epochMs: number; hlog?: readonly LoggedInterval[]; toolVersion?: string },
): string {
  const { header } = stream;
  const base: Labels = { run_id: header.runId, shard: String(header.shard.index) };
  const f = {
    operations: omFamily(bare(M.operations.name), 'counter', M.operations.help),
    sent: omFamily(bare(M.sent.name), 'counter', M.sent.help),
    errors: omFamily(bare(M.errors.name), 'counter', M.errors.help),
    bytesSent: omFamily(bare(M.bytesSent.name), 'counter', M.bytesSent.help),
    bytesReceived: omFamily(bare(M.bytesReceived.name), 'counter', M.bytesReceived.help),
    conversations: omFamily(bare(M.conversations.name), 'counter', M.conversations.help),
    inFlight: omFamily(M.inFlight.name, 'gauge', M.inFlight.help),
    runStart: omFamily(M.runStart.name, 'gauge', M.runStart.help),
    runFinished: omFamily(M.runFinished.name, 'gauge', M.runFinished.help),
    runInfo: omFamily(M.runInfo.name.replace(/_info$/, ''), 'info', M.runInfo.help),
  };
  const histograms = MEASURES.map((spec) => ({
    ...spec,
    family: omFamily(
      spec.metric.name,
      'histogram',
      spec.metric.help,
      spec.boundsUs.map((us) => String(usToSeconds(us))),
    ),
  }));
  const hlogByIndex = groupByIndex(options.hlog ?? [], header.intervalUs);
  const totals = new Map<string, SeriesTotals>();
  const conversations = new Map<string, number>();
  const tallies = new Map<
    string,
    { labels: Labels; tally: BucketTally; histogram: (typeof histograms)[number] }
  >();
  const info: Labels = {
    ...base,
    scenario: header.scenario,
    seed: String(header.seed),
    tool_version: header.toolVersion ?? options.toolVersion ?? 'unknown',
    engine: header.engine,
    shard_count: String(header.shard.count),
  };
  for (const [position, { close, series }] of stream.intervals.entries()) {
    const at = String(msToSeconds(options.epochMs + usToMs(close.endUs)));
    for (const record of series) addRecord(totals, conversations, base, record);
    for (const logged of hlogByIndex.get(close.index) ?? []) {
      const tagged = taggedMeasure(logged.tag);
      const histogram = histograms.find((h) => h.measure === tagged?.measure);
      if (!histogram || !tagged) continue;
      let entry = tallies.get(logged.tag);
      if (!entry) {
        entry = { labels: { ...base, ...tagged.labels }, tally: emptyBucketTally(histogram.boundsUs), histogram };
        tallies.set(logged.tag, entry);
      }
      addToBucketTally(entry.tally, logged.histogram, histogram.boundsUs);
    }
    for (const t of totals.values()) {
      addPoint(f.operations, { ...t.labels, outcome: 'ok' }, at, t.ok);
      addPoint(f.operations, { ...t.labels, outcome: 'error' }, at, t.error);
      addPoint(f.sent, t.labels, at, t.sent);
      addPoint(f.bytesSent, t.labels, at, t.bytesSent);
      addPoint(f.bytesReceived, t.labels, at, t.bytesReceived);
      for (const [code, n] of t.errorsByCode) addPoint(f.errors, { ...t.labels, code }, at, n);
    }
    for (const [shape, n] of conversations) addPoint(f.conversations, { ...base, shape }, at, n);
    for (const { labels, tally, histogram } of tallies.values()) {
      addPoint(histogram.family, labels, at, {
        cumulative: cumulativeCounts(tally),
        count: tally.count,
        sumSeconds: usToSeconds(tally.sumUs),
      });
    }
    addPoint(f.inFlight, base, at, close.inFlight);
    addPoint(f.runStart, base, at, msToSeconds(options.epochMs));
    addPoint(
      f.runFinished,
      base,
      at,
      position === stream.intervals.length - 1 && stream.end !== undefined ? 1 : 0,
    );
    addPoint(f.runInfo, info, at, 1);
  }
  const families: OmFamily[] = [...Object.values(f), ...histograms.map((h) => h.family)];
  return openMetricsText(families);
}

function addRecord(
  totals: Map<string, SeriesTotals>,
  conversations: Map<string, number>,
  base: Labels,
  record: SeriesRecord,
): void {
  let t = totals.get(record.series);
  if (!t) {
    const [shape = '', op = ''] = record.series.split('/');
    t = {
      labels: { ...base, shape, op },
      ok: 0,
      error: 0,
      sent: 0,
      bytesSent: 0,
      bytesReceived: 0,
      errorsByCode: new Map(),
    };
    totals.set(record.series, t);
  }
  t.ok += record.count - record.errors;
  t.error += record.errors;
  t.sent += record.sent;
  t.bytesSent += record.bytesSent;
  t.bytesReceived += record.bytesReceived;
  for (const [code, n] of Object.entries(record.errorsByCode))
    t.errorsByCode.set(code, (t.errorsByCode.get(code) ?? 0) + n);
  const shape = t.labels.shape ?? '';
  conversations.set(shape, (conversations.get(shape) ?? 0) + record.conversationsStarted);
}

/** An hlog tag's measure and labels: `<shape>/<op>/<measure>`, or `eventloop:<thread>`; undefined for any other. */
function taggedMeasure(tag: string): { measure: string; labels: Labels } | undefined {
  const thread = loopThreadOfTag(tag);
  if (thread !== undefined) return { measure: 'eventloop', labels: { thread } };
  const [shape, op, measure, ...rest] = tag.split('/');
  if (!shape || !op || !measure || rest.length > 0 || measure === 'eventloop') return undefined;
  return { measure, labels: { shape, op } };
}

/** hlog intervals by interval index (the log writes interval n as [n·interval, (n+1)·interval) seconds). */
function groupByIndex(logged: readonly LoggedInterval[], intervalUs: number): Map<number, LoggedInterval[]> {
  const out = new Map<number, LoggedInterval[]>();
  for (const entry of logged) {
    const index = Math.round(secondsToUs(entry.startSeconds) / intervalUs);
    const list = out.get(index) ?? [];
    list.push(entry);
    out.set(index, list);
  }
  return out;
}
