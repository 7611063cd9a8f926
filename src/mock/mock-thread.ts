import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { compiledPath } from '../compiled-path.js';
import { ChatloadError } from '../errors.js';
import type { FloorReport } from '../metrics/event-loop-floor.js';
import { createHistogram, refillFromCounts } from '../metrics/hdr-settings.js';
import type { PlatformStats } from '../platform/platform-stats.js';
import type { MockSettings } from '../scenario/mock-schema.js';
import type { FromMockThread, MockThreadData, ToMockThread } from './mock-thread-protocol.js';

/** The embedded mock in its own thread: its URL, and a stop that returns the platform's final figures. */
export interface MockThread {
  readonly url: string;
  /** The mock thread's event-loop delay, per interval of the run (the measurement floor). */
  readonly floor: MockThreadFloor;
  /** Drains webhook delivery, closes the server and the thread; idempotent. */
  stop(): Promise<PlatformStats | undefined>;
}

export interface MockThreadFloor {
  readonly thread: 'mock';
  start(startAtUs: number, intervalUs: number, report: FloorReport): void;
  /** Resolves once the interval under way was reported (at once if the thread is gone); idempotent. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 15_000;

export async function startMockThread(settings: MockSettings, host = '127.0.0.1'): Promise<MockThread> {
  const data: MockThreadData = { settings, host };
  const worker = new Worker(compiledPath(import.meta.url, 'mock-thread-entry'), { workerData: data });
  const first = await Promise.race([
    once(worker, 'message') as Promise<[FromMockThread]>,
    once(worker, 'error').then(
      ([error]) => [{ kind: 'failed', message: (error as Error).message }] as [FromMockThread],
    ),
    new Promise<[FromMockThread]>((resolve) =>
      setTimeout(
        () => resolve([{ kind: 'failed', message: `no answer within ${START_TIMEOUT_MS} ms` }]),
        START_TIMEOUT_MS,
      ).unref(),
    ),
  ]);
  const [message] = first;
  if (message.kind !== 'listening') {
    await worker.terminate();
    throw new ChatloadError(
      'CHATLOAD_E_INTERNAL',
      `the embedded mock did not start: ${message.kind === 'failed' ? message.message : message.kind}`,
    );
  }
  let stopped: Promise<PlatformStats | undefined> | undefined;
  return {
    url: message.url,
    floor: mockThreadFloor(worker),
    stop: () => {
      stopped ??= (async () => {
        const answer = new Promise<PlatformStats | undefined>((resolve) => {
          worker.on('message', (m: FromMockThread) => {
            if (m.kind === 'stopped') resolve(m.stats);
          });
          worker.once('exit', () => resolve(undefined));
        });
        worker.postMessage({ kind: 'stop' } satisfies ToMockThread);
        const stats = await answer;
        await worker.terminate();
        return stats;
      })();
      return stopped;
    },
  };
}

function mockThreadFloor(worker: Worker): MockThreadFloor {
  let report: FloorReport | undefined;
  let stopped: Promise<void> | undefined;
  let exited = false;
  // Each interval's counts pass through one histogram, lent to `report`.
  const delayUs = createHistogram();
  const onMessage = (m: FromMockThread) => {
    if (m.kind !== 'floor' || report === undefined) return;
    report(m.index, refillFromCounts(delayUs, m.delayUs));
  };
  worker.on('message', onMessage);
  worker.once('exit', () => (exited = true));
  return {
    thread: 'mock',
    start: (startAtUs, intervalUs, to) => {
      report = to;
      worker.postMessage({ kind: 'floor-start', startAtUs, intervalUs } satisfies ToMockThread);
    },
    stop: () => {
      stopped ??=
        report === undefined || exited
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              const done = () => {
                worker.off('message', onStopped);
                resolve();
              };
              const onStopped = (m: FromMockThread) => {
                if (m.kind === 'floor-stopped') done();
              };
              worker.on('message', onStopped);
              worker.once('exit', done);
              worker.postMessage({ kind: 'floor-stop' } satisfies ToMockThread);
            });
      return stopped;
    },
  };
}
