import { addCounters, emptySeriesAggregate, MEASURES, type Measure, type SeriesAggregate } from '../metrics/exact-merge.js';
import { EVENT_LOOP_TAG_PREFIX } from '../metrics/event-loop-delay.js';
import { addHistogram, decodeHistogram, type Histogram } from '../metrics/hdr-settings.js';
import type { StreamInterval } from '../metrics/interval-stream-parse.js';
import type { ClosedInterval } from '../metrics/run-aggregate.js';
import type { SeriesKey } from '../metrics/series-key.js';
import type { ShardDir } from './shard-dir.js';

/** A shard placed on the merged time line: its interval k is the merged interval k + offset. */
export interface AlignedShard {
  readonly shard: ShardDir;
  readonly offsetIntervals: number;
}

function seriesIn(map: Map<SeriesKey, SeriesAggregate>, key: SeriesKey): SeriesAggregate {
  let series = map.get(key);
  if (series === undefined) {
    series = emptySeriesAggregate();
    map.set(key, series);
  }
  return series;
}

/** A shard's thread in the merged floor: each shard's threads are its own, never added (`shard-1.worker-0`). */
export const shardThreadName = (shardIndex: number, thread: string): string => `shard-${shardIndex}.${thread}`;

/** "general-chatbot/send/latency" → the series key and the measure. */
function splitTag(tag: string): { key: SeriesKey; measure: Measure } | undefined {
  const slash = tag.lastIndexOf('/');
  const measure = tag.slice(slash + 1);
  if (slash < 0 || !(MEASURES as readonly string[]).includes(measure)) return undefined;
  return { key: tag.slice(0, slash) as SeriesKey, measure: measure as Measure };
}

/**
 * The merged run's intervals, one at a time and in order (decision 0028): interval m adds, over
 * the shards, each shard's interval m − offset — counters from its intervals.ndjson, histograms
 * from its hlog lines, decoded only now — and the operations in flight at its end; each shard's
 * threads' event-loop delay is kept under the shard's name (a floor is per thread). Only
 * intervals a shard closed count (lines of an interval a crash cut off are left out).
 */
export function* mergedIntervals(shards: readonly AlignedShard[]): Generator<ClosedInterval> {
  const byIndex = shards.map(({ shard }) => new Map<number, StreamInterval>(shard.stream.intervals.map((interval) => [interval.close.index, interval])));
  const indexes = [...new Set(shards.flatMap(({ shard, offsetIntervals }) => shard.stream.intervals.map((i) => i.close.index + offsetIntervals)))].sort((a, b) => a - b);
  for (const index of indexes) {
    const series = new Map<SeriesKey, SeriesAggregate>();
    const eventLoopDelay = new Map<string, Histogram>();
    let inFlight = 0;
    shards.forEach(({ shard, offsetIntervals }, s) => {
      const own = index - offsetIntervals;
      const interval = byIndex[s]?.get(own);
      if (interval === undefined) return;
      inFlight += interval.close.inFlight;
      for (const record of interval.series) addCounters(seriesIn(series, record.series).counters, record);
      for (const line of shard.hlog.get(own) ?? []) {
        if (line.tag.startsWith(EVENT_LOOP_TAG_PREFIX)) {
          eventLoopDelay.set(shardThreadName(shard.index, line.tag.slice(EVENT_LOOP_TAG_PREFIX.length)), decodeHistogram(line.encoded));
          continue;
        }
        const tag = splitTag(line.tag);
        if (tag !== undefined) addHistogram(seriesIn(series, tag.key)[tag.measure], decodeHistogram(line.encoded));
      }
    });
    yield { index, inFlight, series, ...(eventLoopDelay.size > 0 ? { eventLoopDelay } : {}) };
  }
}
