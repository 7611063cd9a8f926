import { IntervalLogWriter } from './interval-log.js';
import { IntervalRecorder } from './interval-recorder.js';
import { intervalRowsOf } from './interval-rows.js';
import { intervalRecordsOf } from './interval-stream.js';
import { RunAggregate } from './run-aggregate.js';
import type { SeriesKey } from './series-key.js';

/**
 * Made-up intervals played: `node bench/interval-close-cost.mjs --intervals 20 --warmup 0` put the
 * first interval at 18–28 ms cold and at 6.6–17 ms (median of four ≈8 ms) after 3 of these
 * (`--warm-up-first`), as after 10 (7.2–17 ms), for ≈30 ms of a thread's start-up instead of ≈80 ms.
 */
export const WARM_UP_INTERVALS = 3;
const WARM_UP_KEY: SeriesKey = 'general-chatbot/send';
const WARM_UP_INTERVAL_US = 1_000_000;

/**
 * Runs the code that closes an interval — a worker's snapshot, the merge, the hlog's encoding, the
 * percentiles of the interval stream and the timeseries — on made-up intervals whose results are
 * dropped, before a live run's start (issue 9). Cold, the first intervals cost the coordinator
 * ~150 ms of interpreted scans and first-time set-up, on the core a load worker may share, and the
 * run's first seconds were its latency outliers. Nothing is written or kept.
 */
export function warmUpIntervalPath(intervals = WARM_UP_INTERVALS): void {
  const recorder = new IntervalRecorder(0);
  const log = new IntervalLogWriter(() => {}, 0, WARM_UP_INTERVAL_US);
  const aggregate = new RunAggregate(
    1,
    (interval) => {
      log.write(interval);
      intervalRecordsOf(interval, WARM_UP_INTERVAL_US, 0);
      intervalRowsOf(interval, WARM_UP_INTERVAL_US);
    },
    { keepTotals: false, lendIntervals: true },
  );
  for (let index = 0; index < intervals; index++) {
    // Latencies from 0.1 ms to ~80 ms, so the scans run as far as a loaded interval's.
    for (let n = 1; n <= 400; n++) {
      const latencyUs = 100 + ((n * n * 37) % 80_000);
      recorder.recordSent(WARM_UP_KEY, 120, n % 10 === 0);
      recorder.recordCompleted(
        WARM_UP_KEY,
        n % 97,
        latencyUs,
        latencyUs - 40,
        latencyUs - 80,
        90,
        n % 50 === 0 ? '130429' : undefined,
      );
    }
    aggregate.add(recorder.takeSnapshot(index, 0));
  }
}
