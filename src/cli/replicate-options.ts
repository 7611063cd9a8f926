import { ChatloadError } from '../errors.js';

/**
 * Replicates are cheap in virtual time and dear in real time: a live command (`capacity`,
 * `study --live`) runs at most this many without `--force`, so a typo of `--replicates 20` on a
 * live search does not hold the machine for an hour (issue 11 §4).
 */
export const MAX_LIVE_REPLICATES = 3;

/** Refuses (exit 2) more than MAX_LIVE_REPLICATES live replicates unless forced. */
export function refuseLiveReplicates(command: string, flag: string, replicates: number, force: boolean): void {
  if (replicates <= MAX_LIVE_REPLICATES || force) return;
  throw new ChatloadError(
    'CHATLOAD_E_LIVE_REPLICATES',
    `${command}: ${flag} ${replicates} would play ${replicates} live replicates of each point in real time; a live command runs at most ${MAX_LIVE_REPLICATES} without --force (in virtual time, with sim, replicates are cheap)`,
  );
}

/** --replicates as a whole number ≥ 1 (1 when absent). */
export function replicatesOf(value: number | undefined): number {
  if (value === undefined) return 1;
  if (!(Number.isInteger(value) && value >= 1)) throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `--replicates expects a whole number ≥ 1, got ${value}`);
  return value;
}
