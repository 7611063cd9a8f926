import { formatDurationUs } from '../units.js';

/**
 * A hand-over to a socket later than this after the dispatch waited for a free connection: with
 * one idle, undici hands a request over within tens of µs. The wait is part of generator lateness
 * (the send is late), but its cure is more connections, not more workers.
 */
export const CONNECTION_WAIT_COUNTED_US = 1_000;

/** Operations of one worker whose send waited for a free connection, and the longest wait. */
export class ConnectionWaitCount {
  operations = 0;
  maxUs = 0;

  add(waitUs: number): void {
    if (waitUs < CONNECTION_WAIT_COUNTED_US) return;
    this.operations += 1;
    if (waitUs > this.maxUs) this.maxUs = waitUs;
  }
}

export interface ConnectionWaits {
  readonly operations: number;
  readonly maxUs: number;
  readonly sent: number;
  readonly connectionsPerWorker: number;
}

/** The run's warning when some sends waited for a connection; undefined when none did. */
export function connectionWaitWarning(waits: ConnectionWaits): string | undefined {
  if (waits.operations === 0) return undefined;
  const share = waits.sent > 0 ? (100 * waits.operations) / waits.sent : 0;
  const shareText = share >= 0.1 ? share.toFixed(1) : share >= 0.01 ? share.toFixed(2) : '< 0.01';
  return (
    `${waits.operations.toLocaleString('en-US')} operations (${shareText} % of those sent) waited ` +
    `${formatDurationUs(CONNECTION_WAIT_COUNTED_US)} or more for a free connection, up to ${formatDurationUs(waits.maxUs)}: ` +
    `all ${waits.connectionsPerWorker} connections of a worker were busy with slow answers. The wait counts as generator lateness; ` +
    'raise load.connectionsPerWorker to send them on time'
  );
}
