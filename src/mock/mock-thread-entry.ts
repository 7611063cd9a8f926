import { parentPort, workerData } from 'node:worker_threads';
import type { FromMockThread, MockThreadData, ToMockThread } from './mock-thread-protocol.js';
import { startMockServer } from './start-mock-server.js';

/** The embedded mock's thread: listens, then on `stop` drains webhook delivery, closes and reports its figures. */
const data = workerData as MockThreadData;
const post = (message: FromMockThread) => parentPort?.postMessage(message);

try {
  const mock = await startMockServer(data.settings, { host: data.host, port: 0 });
  parentPort?.on('message', (message: ToMockThread) => {
    if (message.kind !== 'stop') return;
    void mock.close().then(() => {
      post({ kind: 'stopped', stats: mock.stats() });
      parentPort?.close();
    });
  });
  post({ kind: 'listening', url: mock.url });
} catch (error) {
  post({ kind: 'failed', message: (error as Error).message });
  parentPort?.close();
}
