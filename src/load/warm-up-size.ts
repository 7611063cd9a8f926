/**
 * How many times a worker runs the send path before the start instant (issue 9): half a second of its
 * share of the planned peak, at least WARM_MIN_REQUESTS, at most WARM_MAX_REQUESTS (the warm-up opens
 * every connection in any case). At 3,600 ops/s a cold send path queued 12–16 % of the first 1.5 s of sends in
 * undici's pool (up to 0.38 s) and 2,000 warm requests removed that; a run of 177 ops/s (smoke.yaml)
 * waited 1.5 s for those 2,000 against the embedded mock, three times its own operations.
 */
export const WARM_MAX_REQUESTS = 2_000;
export const WARM_MIN_REQUESTS = 500;
const WARM_SECONDS_OF_PEAK = 0.5;

export function warmRequestsPerWorker(peakOpsPerSecond: number, workers: number): number {
  const share =
    Number.isFinite(peakOpsPerSecond) && workers > 0
      ? (peakOpsPerSecond / workers) * WARM_SECONDS_OF_PEAK
      : WARM_MAX_REQUESTS;
  return Math.min(WARM_MAX_REQUESTS, Math.max(WARM_MIN_REQUESTS, Math.ceil(share)));
}
