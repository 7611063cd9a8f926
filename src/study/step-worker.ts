import { parentPort } from 'node:worker_threads';
import { runSimStep } from './sim-step.js';
import type { StepRecord } from './study-planner.js';
import type { StepSpec } from './study-steps.js';

/** A study thread: runs the sim steps it is given, one at a time, and answers each with its record. */
export interface StepRequest {
  readonly file: string;
  readonly spec: StepSpec;
}

export type StepAnswer = { readonly kind: 'done'; readonly record: StepRecord } | { readonly kind: 'failed'; readonly message: string };

const never = new AbortController().signal;

parentPort?.on('message', (request: StepRequest) => {
  runSimStep(request.file, request.spec, never).then(
    (record) => parentPort?.postMessage(record === undefined ? { kind: 'failed', message: 'the step was interrupted' } : ({ kind: 'done', record } satisfies StepAnswer)),
    (error: unknown) => parentPort?.postMessage({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies StepAnswer),
  );
});
