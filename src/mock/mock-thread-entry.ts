import { parentPort, workerData } from 'node:worker_threads';
import { EventLoopFloor } from '../metrics/event-loop-floor.js';
import { countsOf } from '../metrics/hdr-settings.js';
import type { FromMockThread, MockThreadData, ToMockThread } from './mock-thread-protocol.js';
import { startMockServer } from './start-mock-server.js';

/**
 * The embedded mock's thread: listens; reports its event-loop delay per interval while the run
 * is under way; on `stop` drains webhook delivery, closes and reports its figures.
 */
const data = workerData as MockThreadData;
const post = (message: FromMockThread) => parentPort?.postMessage(message);

try {
  const mock = await startMockServer(data.settings, { host: data.host, port: 0 });
  const floor = new EventLoopFloor();
  parentPort?.on('message', (message: ToMockThread) => {
    switch (message.kind) {
      case 'floor-start':
        floor.start(message.startAtUs, message.intervalUs, (index, delayUs) =>
          post({ kind: 'floor', index, delayUs: countsOf(delayUs) }),
        );
        return;
      case 'floor-stop':
        floor.stop();
        post({ kind: 'floor-stopped' });
        return;
      case 'stop':
        floor.stop();
        void mock.close().then(() => {
          post({ kind: 'stopped', stats: mock.stats() });
          parentPort?.close();
        });
        return;
    }
  });
  post({ kind: 'listening', url: mock.url });
} catch (error) {
  post({ kind: 'failed', message: (error as Error).message });
  parentPort?.close();
}
