import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { msToUs, nsToUs } from '../units.js';
import { clampToTrackableUs, createHistogram, type Histogram, resetHistogram } from './hdr-settings.js';

/**
 * The measurement floor (issue 9, decision 0020): how late each thread of a run got to its
 * event loop — the delay every latency measured on that thread may carry without the platform
 * having anything to do with it. Node's `monitorEventLoopDelay` fires a libuv timer every
 * EVENT_LOOP_RESOLUTION_MS and records the time between ticks; the delay is that minus the period.
 */
export const EVENT_LOOP_RESOLUTION_MS = 1;

/** Which thread a delay histogram is of: the run's main thread, the embedded mock's, or a load worker's. */
export type LoopThread = 'coordinator' | 'mock' | `worker-${number}`;

export const workerThreadName = (workerIndex: number): LoopThread => `worker-${workerIndex}`;

/**
 * hlog tag prefix of the event-loop delay lines: `eventloop:coordinator`, `eventloop:mock`,
 * `eventloop:worker-0`. No slash, so it can never read as a `<shape>/<op>/<measure>` tag, and
 * readers that split tags on `/` find no series in it.
 */
export const EVENT_LOOP_TAG_PREFIX = 'eventloop:';
export const eventLoopTag = (thread: string): string => `${EVENT_LOOP_TAG_PREFIX}${thread}`;

/** The thread an hlog tag holds the event-loop delay of, or undefined for any other tag. */
export function loopThreadOfTag(tag: string): string | undefined {
  return tag.startsWith(EVENT_LOOP_TAG_PREFIX) && tag.length > EVENT_LOOP_TAG_PREFIX.length
    ? tag.slice(EVENT_LOOP_TAG_PREFIX.length)
    : undefined;
}

const THREAD_RANK: Readonly<Record<string, number>> = { coordinator: 0, mock: 1 };
const workerIndexOf = (thread: string): number => {
  const match = /^worker-(\d+)$/.exec(thread);
  return match ? Number(match[1]) : Number.POSITIVE_INFINITY;
};

/** Coordinator, mock, then workers by index (worker-2 before worker-10), anything else last by name. */
export function compareLoopThreads(a: string, b: string): number {
  const rank = (t: string) => THREAD_RANK[t] ?? 2;
  return rank(a) - rank(b) || workerIndexOf(a) - workerIndexOf(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Percentiles read off Node's histogram to re-record it: every tenth up to 90, then 95, 98, 99,
 * each further step towards 99.999, then the maximum. Node exposes its HDR histogram only through
 * `percentile(p)`, one scan of its counts per call (≈2.5 µs here): the 127-point grid this had
 * before (every whole percentile) cost a load worker 0.6 ms of its event loop at every interval
 * boundary (issue 9). Reading on this grid puts Node's value at each grid percentile into the house
 * histogram with the rank Node gave it (p50, p90, p99, p99.9 and max included); between grid
 * points a merged figure is as coarse as the grid.
 */
export const DELAY_PERCENTILE_GRID: readonly number[] = [
  10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 98, 99, 99.5, 99.8, 99.9, 99.95, 99.99, 99.999, 100,
];

/** What delayHistogramOf reads: Node's IntervalHistogram has this shape (values in ns). */
export interface DelayDistributionNs {
  readonly count: number;
  readonly min: number;
  percentile(percentile: number): number;
}

/**
 * Node's delay distribution (time between ticks, ns) as a house HDR histogram of delays (µs):
 * tick gap minus the period, read on DELAY_PERCENTILE_GRID. Each grid value is recorded with the
 * count of samples ranked up to it, so the house histogram's value at a grid percentile is Node's
 * there (to the HDR precision both share; HdrHistogram JS rounds a rank up where C rounds it half
 * up, so at most one grid step higher). A gap shorter than the period is 1 µs. `histogram` is
 * emptied and filled (a caller that takes every interval reuses one).
 */
export function delayHistogramOf(
  source: DelayDistributionNs,
  periodMs = EVENT_LOOP_RESOLUTION_MS,
  histogram: Histogram = createHistogram(),
): Histogram {
  resetHistogram(histogram);
  const count = source.count;
  if (!(count > 0)) return histogram;
  const periodUs = msToUs(periodMs);
  const delayUs = (gapNs: number) => clampToTrackableUs(nsToUs(gapNs) - periodUs);
  histogram.recordValueWithCount(delayUs(source.min), 1);
  let recorded = 1;
  for (const percentile of DELAY_PERCENTILE_GRID) {
    // The rank Node's histogram (HdrHistogram_c) answers for a percentile: p·n rounded half up.
    const atOrBelow = Math.min(count, Math.max(1, Math.floor((percentile / 100) * count + 0.5)));
    if (atOrBelow <= recorded) continue;
    histogram.recordValueWithCount(delayUs(source.percentile(percentile)), atOrBelow - recorded);
    recorded = atOrBelow;
  }
  return histogram;
}

/** One thread's event-loop delay monitor: `take()` hands over what was recorded since the last take. */
export class EventLoopDelaySampler {
  readonly #monitor: IntervalHistogram;
  /** Refilled by every take: one 94 KB counts array per thread, not one per interval. */
  readonly #taken = createHistogram();

  constructor() {
    this.#monitor = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
    this.#monitor.enable();
  }

  /** Forgets what was recorded: start-up and plan generation are not the run's floor. */
  reset(): void {
    this.#monitor.reset();
  }

  /**
   * The delay recorded since the last take or reset (house HDR settings, µs); then starts afresh.
   * The histogram is this sampler's own and is refilled by the next take: copy what must outlive it.
   */
  take(): Histogram {
    const histogram = delayHistogramOf(this.#monitor, EVENT_LOOP_RESOLUTION_MS, this.#taken);
    this.#monitor.reset();
    return histogram;
  }

  close(): void {
    this.#monitor.disable();
  }
}
