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
/** Set once a raised value could not be put back: the thread stays lowered, and is not lowered again. */
let stuck = false;

/**
 * Raises the calling thread's nice value by COORDINATOR_NICE_STEP (at most to 19) and returns what
 * puts it back. Linux only: there a nice value belongs to a thread, so the workers, the embedded
 * mock and the threads started before keep theirs; elsewhere it would lower the whole process.
 * Putting it back needs the right to raise a priority (root, or RLIMIT_NICE): without it the thread
 * stays lowered for the rest of the process, and threads it starts later (a capacity search's next
 * step) inherit the value, which only makes them equal again. Never fails.
 */
export function lowerCoordinatorPriority(platform: NodeJS.Platform = process.platform): () => void {
  if (platform !== 'linux' || stuck) return () => {};
  let before: number;
  try {
    before = getPriority(0);
    setPriority(0, Math.min(LOWEST_PRIORITY_NICE, before + COORDINATOR_NICE_STEP));
  } catch {
    return () => {};
  }
  return () => {
    try {
      setPriority(0, before);
    } catch {
      stuck = true;
    }
  };
}
