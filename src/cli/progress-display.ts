import cliProgress from 'cli-progress';
import { formatDurationUs } from '../units.js';

/** One line of live state, made by the run from each closed interval. */
export interface ProgressSample {
  readonly elapsedUs: number;
  readonly totalUs: number;
  /** Completed operations per second in the last interval. */
  readonly opsPerSecond: number;
  /** Errors and completed operations since the start. */
  readonly errors: number;
  readonly completed: number;
  /** p99 of latency (from the intended time) in the last interval, over every series. */
  readonly latencyP99Us: number;
  readonly inFlight: number;
}

export interface ProgressDisplay {
  update(sample: ProgressSample): void;
  stop(): void;
}

/** A live bar on a terminal; plain periodic lines otherwise (CI logs keep every line). */
export function createProgressDisplay(
  isTTY: boolean,
  write: (text: string) => void,
  plainEveryUs = 5_000_000,
): ProgressDisplay {
  if (isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format:
          ' {bar} {elapsed}/{total_time} | {rate} ops/s | errors {errors} | p99 {p99} | in flight {inflight}',
        barsize: 24,
        hideCursor: true,
        clearOnComplete: false,
        stream: process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(sample) {
        const payload = payloadOf(sample);
        if (!started) {
          bar.start(Math.max(1, Math.round(sample.totalUs / 1e6)), 0, payload);
          started = true;
        }
        bar.update(Math.min(Math.round(sample.elapsedUs / 1e6), Math.round(sample.totalUs / 1e6)), payload);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastPrintedUs = Number.NEGATIVE_INFINITY;
  return {
    update(sample) {
      if (sample.elapsedUs - lastPrintedUs < plainEveryUs && sample.elapsedUs < sample.totalUs) return;
      lastPrintedUs = sample.elapsedUs;
      const p = payloadOf(sample);
      write(
        `[${p.elapsed}/${p.total_time}] ${p.rate} ops/s, ${sample.completed} done, errors ${p.errors}, p99 ${p.p99}, in flight ${p.inflight}\n`,
      );
    },
    stop() {},
  };
}

function payloadOf(sample: ProgressSample) {
  return {
    elapsed: formatDurationUs(sample.elapsedUs),
    total_time: formatDurationUs(sample.totalUs),
    rate: sample.opsPerSecond.toFixed(0),
    errors: sample.errors,
    p99: formatDurationUs(sample.latencyP99Us),
    inflight: sample.inFlight,
  };
}
