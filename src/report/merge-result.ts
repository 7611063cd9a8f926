import {
  addSeriesAggregate,
  emptySeriesAggregate,
  mergePlatformStats,
  mergeWebhookTallies,
  type SeriesAggregate,
} from '../metrics/exact-merge.js';
import { createHistogram, decodeHistogram, type Histogram } from '../metrics/hdr-settings.js';
import type { MergedShard, MergeRecord } from '../metrics/run-result.js';
import type { SeriesKey } from '../metrics/series-key.js';
import type { WebhookTally } from '../metrics/webhook-tally.js';
import type { PlatformStats } from '../platform/platform-stats.js';
import { shardNote } from '../traffic/shard-split.js';
import { formatDurationUs, msToUs, secondsToUs } from '../units.js';
import { type AlignedShard, shardThreadName } from './merge-intervals.js';
import type { ShardSet } from './merge-checks.js';
import { webhookTallyOfSummary } from './merge-webhooks.js';
import type { ShardDir } from './shard-dir.js';
import type { SeriesSummary } from './summary-schema.js';

/**
 * The pure parts of `chatload merge` (decision 0028): where each shard sits on the merged time
 * line, the run totals, webhooks and platform statistics, and what the merged result says about
 * how it was made. Percentiles are never read here: only histograms and counters are added.
 */

/** A shard's elapsed time, µs, as its summary states it. */
export const elapsedUsOf = (shard: ShardDir): number => Math.round(secondsToUs(shard.summary.elapsedSeconds));

/**
 * The merged t = 0 is the earliest shard's; each shard's intervals sit on its grid by its own
 * epoch. Shards of one `--start-at` share t = 0 exactly; shards started apart land on the nearest
 * whole interval, and the result says so rather than silently shifting them.
 */
export function alignShards(shards: readonly ShardDir[], intervalUs: number): { epochMs: number; aligned: AlignedShard[]; warnings: string[] } {
  const epochMs = Math.min(...shards.map((shard) => shard.summary.epochMs));
  const warnings: string[] = [];
  const aligned = shards.map((shard) => {
    const afterUs = msToUs(shard.summary.epochMs - epochMs);
    const offsetIntervals = Math.round(afterUs / intervalUs);
    if (afterUs > 0) {
      const offGrid = Math.abs(afterUs - offsetIntervals * intervalUs);
      warnings.push(
        `shard ${shard.index} started ${formatDurationUs(afterUs)} after the earliest shard (no shared --start-at?)` +
          (offGrid >= 1_000 ? `; its intervals are placed on the nearest merged interval, ${formatDurationUs(offGrid)} off` : ''),
      );
    }
    return { shard, offsetIntervals };
  });
  return { epochMs, aligned, warnings };
}

function aggregateOf(row: SeriesSummary): SeriesAggregate {
  const { histograms } = row;
  return {
    latency: decodeHistogram(histograms.latency),
    service: decodeHistogram(histograms.service),
    lateness: decodeHistogram(histograms.lateness),
    platform: histograms.platform === undefined ? createHistogram() : decodeHistogram(histograms.platform),
    counters: {
      count: row.count,
      errors: row.errors,
      errorsByCode: { ...row.errorsByCode },
      sent: row.sent,
      conversationsStarted: row.conversationsStarted ?? 0,
      bytesSent: row.bytesSent,
      bytesReceived: row.bytesReceived,
    },
  };
}

/** The run totals per (shape, op): every shard's histograms and counters added, one shard at a time. */
export function mergedTotals(shards: readonly ShardDir[]): Map<SeriesKey, SeriesAggregate> {
  const totals = new Map<SeriesKey, SeriesAggregate>();
  for (const shard of shards) {
    for (const row of shard.summary.series) {
      if (row.shape === '*' || row.op === '*') continue;
      const key = row.key as SeriesKey;
      let into = totals.get(key);
      if (into === undefined) {
        into = emptySeriesAggregate();
        totals.set(key, into);
      }
      addSeriesAggregate(into, aggregateOf(row));
    }
  }
  return totals;
}

/** Webhooks the business received, added over shards; undefined when no shard measured them. */
export function mergedWebhooks(shards: readonly ShardDir[]): WebhookTally | undefined {
  const tallies = shards.flatMap((shard) => webhookTallyOfSummary(shard.summary.webhooks) ?? []);
  return tallies.length === 0 ? undefined : mergeWebhookTallies(tallies);
}

/** Live: every shard's threads' event-loop delay over its run, each under its shard's name; undefined when none has one (sim). */
export function mergedEventLoopDelay(shards: readonly ShardDir[]): Map<string, Histogram> | undefined {
  const byThread = new Map<string, Histogram>();
  for (const shard of shards) {
    for (const thread of shard.summary.eventLoopDelay?.threads ?? []) byThread.set(shardThreadName(shard.index, thread.thread), decodeHistogram(thread.histogram));
  }
  return byThread.size === 0 ? undefined : byThread;
}

const requestsOf = (stats: PlatformStats): number => Object.values(stats.requests).reduce((a, b) => a + b, 0);

/**
 * Platform statistics: sim shards model independent platforms (whole clusters), so theirs add;
 * live shards read one shared target, each at its own end, so the reading that saw the most
 * requests (the latest: its counters only grow) is taken once, never added.
 */
export function mergedPlatformStats(shards: readonly ShardDir[]): { stats: PlatformStats | undefined; from: MergeRecord['platformStatsFrom'] } {
  const readings = shards.flatMap((shard) => (shard.summary.platformStats === null ? [] : [{ shard, stats: shard.summary.platformStats }]));
  if (readings.length === 0) return { stats: undefined, from: null };
  if (shards[0]?.summary.engine === 'sim') return { stats: mergePlatformStats(readings.map((r) => r.stats)), from: 'sum' };
  const latest = readings.reduce((best, r) => (requestsOf(r.stats) > requestsOf(best.stats) ? r : best));
  return { stats: structuredClone(latest.stats), from: latest.shard.index };
}

/** The merge record: every shard, where it sat, how it started, and which are absent. */
export function mergeRecordOf(aligned: readonly AlignedShard[], set: ShardSet, platformStatsFrom: MergeRecord['platformStatsFrom']): MergeRecord {
  const shards: MergedShard[] = aligned.map(({ shard, offsetIntervals }) => ({
    index: shard.index,
    runId: shard.summary.runId,
    dir: shard.dir,
    epochMs: shard.summary.epochMs,
    offsetIntervals,
    elapsedSeconds: shard.summary.elapsedSeconds,
    interrupted: shard.summary.interrupted,
    ...(shard.summary.start === undefined ? {} : { start: shard.summary.start }),
  }));
  return { shardCount: set.count, shards, missing: [...set.missing], platformStatsFrom };
}

/**
 * Notes and warnings of the merged result: each shard's notes once (its own share note left out),
 * each shard's warnings under its index, then what the merge itself must say — absent shards,
 * interrupted or late shards, and how the platform statistics were taken.
 */
export function mergedText(aligned: readonly AlignedShard[], record: MergeRecord, alignWarnings: readonly string[]): { notes: string[]; warnings: string[] } {
  const notes: string[] = [];
  for (const { shard } of aligned) {
    const own = shard.count > 1 ? shardNote(shard, shard.summary.scenario) : undefined;
    for (const note of shard.summary.notes) if (note !== own && !notes.includes(note)) notes.push(note);
  }
  const platform =
    record.platformStatsFrom === 'sum'
      ? "platform statistics added over the shards' independent platforms (whole clusters)"
      : record.platformStatsFrom === null
        ? 'no platform statistics'
        : `platform statistics of the shared target read once, from shard ${record.platformStatsFrom} (the latest reading), never added`;
  notes.push(
    `merged from ${aligned.length} of ${record.shardCount} shard${record.shardCount === 1 ? '' : 's'} (chatload merge): histograms and counters added exactly, intervals aligned on absolute time; ${platform}`,
  );
  const warnings = [...alignWarnings];
  if (record.missing.length > 0) {
    warnings.push(`partial: shard${record.missing.length === 1 ? '' : 's'} ${record.missing.join(', ')} of ${record.shardCount} missing (--allow-missing): their users' operations are not in this result`);
  }
  for (const { shard } of aligned) {
    if (shard.summary.interrupted) warnings.push(`partial: shard ${shard.index} was interrupted (${formatDurationUs(elapsedUsOf(shard))} ran)`);
    const start = shard.summary.start;
    const ownLate = start !== undefined && start.joinedAtUs > 0;
    if (ownLate && !shard.summary.warnings.some((w) => w.startsWith('joined late'))) {
      warnings.push(`shard ${shard.index} joined late: it played from t = ${formatDurationUs(start.joinedAtUs)}, ${start.skippedOperations} operations skipped`);
    }
    for (const warning of shard.summary.warnings) warnings.push(`shard ${shard.index}: ${warning}`);
  }
  return { notes, warnings };
}
