import { getPriority, setPriority } from 'node:os';

/**
 * How much the coordinator thread's nice value rises for a live run (decision 0037). Its work — merging
 * snapshots, writing the files, its garbage collector — is bookkeeping; the load workers' is the
 * measurement. On a core both share, the kernel gave the waking coordinator the core ahead of a
 * busy worker, and its pauses (a 30 ms mark-compact of its heap) became the workers' lateness:
 * at 1,000 ops/s, chatload's lateness p99 fell from 0.76 ms to 0.08 ms over the minimal client's
 * send lag with nice 10 (bench/measurement-floor.mjs). Its own event-loop delay is still measured
 * and shown as the floor.
 */
export const COORDINATOR_NICE_STEP = 10;
const LOWEST_PRIORITY_NICE = 19;
let lowered = false;

/**
 * Raises the calling thread's nice value by COORDINATOR_NICE_STEP (at most to 19), once per
 * process. Linux only: there a nice value belongs to a thread, so the workers, the embedded mock
 * and the threads started before keep theirs; elsewhere it would lower the whole process. Threads
 * started later (a capacity search's next step) inherit it, which only makes them equal again.
 * Never fails: without the right to change it, the run goes on as it was.
 */
export function lowerCoordinatorPriority(platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux' || lowered) return false;
  try {
    setPriority(0, Math.min(LOWEST_PRIORITY_NICE, getPriority(0) + COORDINATOR_NICE_STEP));
    lowered = true;
    return true;
  } catch {
    return false;
  }
}
