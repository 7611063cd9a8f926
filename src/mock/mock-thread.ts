import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { compiledPath } from '../compiled-path.js';
import { ChatloadError } from '../errors.js';
import type { PlatformStats } from '../platform/platform-stats.js';
import type { MockSettings } from '../scenario/mock-schema.js';
import type { FromMockThread, MockThreadData, ToMockThread } from './mock-thread-protocol.js';

/** The embedded mock in its own thread: its URL, and a stop that returns the platform's final figures. */
export interface MockThread {
  readonly url: string;
  /** Drains webhook delivery, closes the server and the thread; idempotent. */
  stop(): Promise<PlatformStats | undefined>;
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
