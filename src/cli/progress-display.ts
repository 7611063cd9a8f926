import cliProgress from 'cli-progress';
import { formatDurationUs, monotonicNowUs } from '../units.js';

/** One line of live state, made by the run from each closed interval. */
export interface ProgressSample {
  /** Live: wall time since the start; sim: the virtual time reached. */
  readonly elapsedUs: number;
  readonly totalUs: number;
  /** Live: completed operations per second in the last interval; sim: per wall second so far. */
  readonly opsPerSecond: number;
  /** Errors and completed operations since the start. */
  readonly errors: number;
  readonly completed: number;
  /** p99 of latency (from the intended time) in the last interval, over every series. */
  readonly latencyP99Us: number;
  readonly inFlight: number;
  /** Sim: wall time to the end at the pace so far (undefined live, where the end is the duration). */
  readonly etaUs?: number;
}

export interface ProgressDisplay {
  update(sample: ProgressSample): void;
  stop(): void;
}

export type ProgressKind = 'live' | 'sim';

const FORMAT: Readonly<Record<ProgressKind, string>> = {
  live: ' {bar} {elapsed}/{total_time} | {rate} ops/s | errors {errors} | p99 {p99} | in flight {inflight}',
  sim: ' {bar} virtual {elapsed}/{total_time} | {rate} ops per wall s | ETA {eta} | errors {errors} | p99 {p99}',
};

/**
 * A live bar on a terminal; plain lines otherwise (CI logs keep every line), at most one per
 * `plainEveryUs` of wall time (live: the run's own clock; sim: how long a person has waited).
 */
export function createProgressDisplay(
  isTTY: boolean,
  write: (text: string) => void,
  plainEveryUs = 5_000_000,
  kind: ProgressKind = 'live',
  wallNowUs: () => number = monotonicNowUs,
): ProgressDisplay {
  if (isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: FORMAT[kind], barsize: 24, hideCursor: true, clearOnComplete: false, stream: process.stderr },
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
      const clockUs = kind === 'live' ? sample.elapsedUs : wallNowUs();
      if (clockUs - lastPrintedUs < plainEveryUs && sample.elapsedUs < sample.totalUs) return;
      lastPrintedUs = clockUs;
      const p = payloadOf(sample);
      write(
        kind === 'live'
          ? `[${p.elapsed}/${p.total_time}] ${p.rate} ops/s, ${sample.completed} done, errors ${p.errors}, p99 ${p.p99}, in flight ${p.inflight}\n`
          : `[virtual ${p.elapsed}/${p.total_time}] ${p.rate} ops per wall s, ${sample.completed} done, ETA ${p.eta}, errors ${p.errors}, p99 ${p.p99}\n`,
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
    eta: sample.etaUs === undefined ? '-' : formatDurationUs(sample.etaUs),
  };
}
