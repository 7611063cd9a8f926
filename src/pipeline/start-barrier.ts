import { ChatloadError } from '../errors.js';
import { formatDurationUs, msToUs } from '../units.js';

/**
 * The shared start of a sharded live run (decision 0029): `--start-at` makes every shard begin
 * its plan at one wall-clock instant, the plan's t = 0. A shard ready later than that instant
 * plus one interval refuses (exit 5), unless it may join late: it then plays the plan from a
 * later point and records what it skipped. Pure: the caller passes the clock readings.
 */
export interface StartBarrier {
  /** The plan's t = 0, epoch ms (whole ms, from `--start-at`). */
  readonly atEpochMs: number;
  readonly lateJoin: boolean;
}

export interface StartPlan {
  /** How late the shard was ready, µs (0 when on time). */
  readonly lateByUs: number;
  /** Plan time (µs after t = 0) from which the shard plays: 0 unless it joins late. */
  readonly joinAtUs: number;
}

/** An ISO-8601 instant with a time zone (`2026-11-30T12:00:00Z`, `…+01:00`) → epoch ms. */
export function parseStartAt(text: string): number {
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim());
  const epochMs = zoned ? Date.parse(text.trim()) : Number.NaN;
  if (!Number.isFinite(epochMs)) {
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `--start-at expects an ISO-8601 time with a zone, e.g. 2026-11-30T12:00:00Z, got "${text}"`,
    );
  }
  return epochMs;
}

const iso = (epochMs: number): string => new Date(epochMs).toISOString();

/**
 * When a shard ready at `nowEpochMs` starts. On time (or late by at most one interval: the
 * operations already due are sent at once and their lateness is recorded) it plays the whole
 * plan; later it refuses, or with `lateJoin` plays from `leadUs` after now.
 */
export function planStart(barrier: StartBarrier, nowEpochMs: number, intervalUs: number, leadUs: number): StartPlan {
  const lateByUs = Math.max(0, Math.round(msToUs(nowEpochMs - barrier.atEpochMs)));
  if (lateByUs <= intervalUs) return { lateByUs, joinAtUs: 0 };
  if (!barrier.lateJoin) {
    throw new ChatloadError(
      'CHATLOAD_E_START_BARRIER_MISSED',
      `start barrier missed: this shard was ready at ${iso(nowEpochMs)}, ${formatDurationUs(lateByUs)} after --start-at ` +
        `${iso(barrier.atEpochMs)} (more than one interval, ${formatDurationUs(intervalUs)}); nothing was sent. ` +
        'Start the shards earlier (a longer lead), or pass --late-join to play the rest of the plan and record what was skipped',
    );
  }
  return { lateByUs, joinAtUs: lateByUs + leadUs };
}

/** The monotonic instant (µs) of the plan's t = 0, from one reading of both clocks. */
export function monotonicStartUs(barrier: StartBarrier, nowEpochMs: number, nowMonotonicUs: number): number {
  return nowMonotonicUs + msToUs(barrier.atEpochMs - nowEpochMs);
}

/** The warning a late joiner carries into its summary (and the merged one). */
export function lateJoinWarning(plan: StartPlan & { readonly skippedOperations: number }): string {
  return (
    `joined late (--late-join): ready ${formatDurationUs(plan.lateByUs)} after the start barrier, ` +
    `played the plan from t = ${formatDurationUs(plan.joinAtUs)}; ` +
    `${plan.skippedOperations.toLocaleString('en-US')} planned operations before then were not sent`
  );
}
