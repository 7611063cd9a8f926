import os from 'node:os';

/** `workers: auto`: one load worker per core but one, left to the coordinator and the embedded mock. */
export function defaultWorkerCount(): number {
  return Math.max(1, os.availableParallelism() - 1);
}
