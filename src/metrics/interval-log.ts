import { HistogramLogReader, HistogramLogWriter } from 'hdr-histogram-js';
import { msToSeconds, usToSeconds } from '../units.js';
import { compareLoopThreads, eventLoopTag } from './event-loop-delay.js';
import { MEASURES, type Measure } from './exact-merge.js';
import { byKey, createHistogram, encodeHistogram, type Histogram, percentilesUsOf } from './hdr-settings.js';
import type { ClosedInterval } from './run-aggregate.js';
import type { SeriesKey } from './series-key.js';

/** Which histogram of a series a log line holds: "customer-service/send/latency". */
export type LoggedMeasure = Measure;
export const logTag = (key: SeriesKey, measure: LoggedMeasure): string => `${key}/${measure}`;

/** hlog max column: values are µs, the column is written in ms (as jHiccup logs do). */
const MAX_VALUE_UNIT_RATIO = 1000;

/**
 * Writes an HdrHistogram interval log (format 1.3) through a line sink, one tagged line per
 * series and measure per interval; empty histograms (no lateness in sim, no sojourn without
 * the header) are left out. Each thread's event-loop delay follows its interval's series, tagged
 * `eventloop:<thread>` (decision 0020). `#[StartTime]` and `#[BaseTime]` are the plan's t = 0 as an
 * absolute epoch (decision 0002) and interval times are relative to it, so shards align on
 * absolute time. The caller's sink appends to the file at once: a crash loses at most the
 * interval being written.
 */
export class IntervalLogWriter {
  readonly #writer: HistogramLogWriter;
  readonly #sink: (text: string) => void;
  readonly #intervalUs: number;

  constructor(sink: (text: string) => void, epochMs: number, intervalUs: number, comment?: string) {
    this.#writer = new HistogramLogWriter(sink);
    this.#sink = sink;
    this.#intervalUs = intervalUs;
    if (comment) this.#writer.outputComment(comment);
    this.#writer.outputLogFormatVersion();
    // Written here rather than by outputStartTime, whose text includes the host's time zone.
    const seconds = msToSeconds(epochMs).toFixed(3);
    sink(`#[StartTime: ${seconds} (seconds since epoch), ${new Date(epochMs).toISOString()}]\n`);
    sink(`#[BaseTime: ${seconds} (seconds since epoch)]\n`);
    this.#writer.outputComment('Values are microseconds; the max column is milliseconds.');
    this.#writer.outputLegend();
  }

  /**
   * The interval's lines. Each is written here rather than by the library's writer: the max
   * column is read from the counts (percentile 100), like every figure chatload reports, so a
   * histogram recorded directly and the same counts merged write the same line (decision 0004).
   */
  write(interval: ClosedInterval): void {
    const start = usToSeconds(interval.index * this.#intervalUs).toFixed(3);
    const length = usToSeconds(this.#intervalUs).toFixed(3);
    let text = '';
    for (const [key, series] of byKey(interval.series)) {
      for (const measure of MEASURES) {
        const histogram = series[measure];
        // Empty measures, and a sojourn that is the latency itself (sim without faults), are not written twice.
        if (histogram.totalCount === 0 || (measure === 'platform' && histogram === series.latency)) continue;
        text += logLine(logTag(key, measure), start, length, histogram);
      }
    }
    const threads = [...(interval.eventLoopDelay ?? [])].sort(([a], [b]) => compareLoopThreads(a, b));
    for (const [thread, histogram] of threads) {
      if (histogram.totalCount > 0) text += logLine(eventLoopTag(thread), start, length, histogram);
    }
    if (text !== '') this.#sink(text);
  }
}

function logLine(tag: string, start: string, length: string, histogram: Histogram): string {
  // One scan of the counts: the library's getValueAtPercentile allocates an iterator per call.
  const [maxUs = 0] = percentilesUsOf(histogram, [100]);
  const max = (maxUs / MAX_VALUE_UNIT_RATIO).toFixed(3);
  return `Tag=${tag},${start},${length},${max},${encodeHistogram(histogram)}\n`;
}

/** One tagged interval read back from a log. */
export interface LoggedInterval {
  readonly tag: string;
  readonly startSeconds: number;
  readonly endSeconds: number;
  readonly histogram: Histogram;
}

/** Reads every interval of an hlog; histograms come back with the house settings. */
export function readIntervalLog(text: string): LoggedInterval[] {
  const reader = new HistogramLogReader(text, 32, false);
  const out: LoggedInterval[] = [];
  for (let next = reader.nextIntervalHistogram(); next; next = reader.nextIntervalHistogram()) {
    const histogram = createHistogram();
    histogram.add(next);
    out.push({
      tag: next.tag,
      startSeconds: msToSeconds(next.startTimeStampMsec) - reader.baseTimeSec,
      endSeconds: msToSeconds(next.endTimeStampMsec) - reader.baseTimeSec,
      histogram,
    });
  }
  return out;
}

export { mergeHistograms } from './exact-merge.js';
