import { parentPort, workerData } from 'node:worker_threads';
import { ClusterGroup } from './cluster-group.js';
import type { ClusterThreadData, FromClusterThread, ToClusterThread } from './protocol.js';

/** A sim thread: plays its clusters one interval per `step`, reports their outcome on `finish`. */
const data = workerData as ClusterThreadData;
const post = (message: FromClusterThread) => parentPort?.postMessage(message);
const group = new ClusterGroup(data.scenario, data.clusters, data.clusterCount);

parentPort?.on('message', (message: ToClusterThread) => {
  try {
    if (message.kind === 'step')
      post({ kind: 'interval', snapshot: group.stepEncoded(message.index, data.group), done: group.done });
    else {
      post({ kind: 'finished', outcome: group.outcome() });
      parentPort?.close();
    }
  } catch (error) {
    post({ kind: 'failed', message: (error as Error).stack ?? String(error) });
  }
});
