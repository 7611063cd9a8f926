import { Worker } from 'node:worker_threads';
import { compiledPath } from '../compiled-path.js';
import { ChatloadError } from '../errors.js';
import { runSimStep } from './sim-step.js';
import type { StepAnswer, StepRequest } from './step-worker.js';
import type { StepRecord } from './study-planner.js';
import type { StepSpec } from './study-steps.js';

/**
 * Runs sim steps on `threads` threads: on this one when one is asked for (the engine sees the
 * interrupt between intervals), else on worker threads, one step each at a time. Steps are
 * independent runs, so which thread runs one never changes its record. On interrupt the threads
 * are stopped and their unfinished steps answer undefined (never stored).
 */
export interface StepPool {
  readonly threads: number;
  run(spec: StepSpec, file: string): Promise<StepRecord | undefined>;
  close(): Promise<void>;
}

/** One request to a thread and its one answer (the listeners are removed either way). */
function ask(worker: Worker, request: StepRequest): Promise<StepAnswer> {
  return new Promise((resolve) => {
    const onMessage = (answer: StepAnswer) => {
      worker.off('error', onError);
      resolve(answer);
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      resolve({ kind: 'failed', message: error.stack ?? error.message });
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(request);
  });
}

export function createStepPool(threads: number, interrupt: AbortSignal): StepPool {
  if (threads <= 1) return { threads: 1, run: (spec, file) => runSimStep(file, spec, interrupt), close: async () => {} };
  const idle: Worker[] = [];
  const all: Worker[] = [];
  const waiting: ((worker: Worker) => void)[] = [];
  const take = (): Promise<Worker> => {
    const worker = idle.pop();
    if (worker !== undefined) return Promise.resolve(worker);
    if (all.length < threads) {
      const fresh = new Worker(compiledPath(import.meta.url, 'step-worker'));
      all.push(fresh);
      return Promise.resolve(fresh);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const give = (worker: Worker): void => {
    const next = waiting.shift();
    if (next !== undefined) next(worker);
    else idle.push(worker);
  };
  const stopped = new Promise<undefined>((resolve) => {
    if (interrupt.aborted) resolve(undefined);
    else interrupt.addEventListener('abort', () => resolve(undefined), { once: true });
  });
  return {
    threads,
    async run(spec, file) {
      const worker = await take();
      if (interrupt.aborted) return undefined;
      const answer = await Promise.race([ask(worker, { file, spec }), stopped]);
      if (answer === undefined) return undefined;
      if (answer.kind === 'failed') throw new ChatloadError('CHATLOAD_E_WORKER_FAILED', `study step ${spec.id} failed: ${answer.message}`);
      give(worker);
      return answer.record;
    },
    async close() {
      await Promise.all(all.map((worker) => worker.terminate()));
    },
  };
}
