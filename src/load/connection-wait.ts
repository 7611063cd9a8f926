import { formatDurationUs } from '../units.js';

/**
 * Operations of one worker dispatched while every connection of its pool was busy (one request
 * per connection), and the longest of their waits for one. Such a wait is part of generator
 * lateness (the send is late), but its cure is more connections, not more workers.
 */
export class ConnectionWaitCount {
  operations = 0;
  maxUs = 0;

  add(waitUs: number): void {
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
    `${waits.operations.toLocaleString('en-US')} operations (${shareText} % of those sent) found all ` +
    `${waits.connectionsPerWorker} connections of their worker busy and waited for a free one, up to ${formatDurationUs(waits.maxUs)}. ` +
    'The wait counts as generator lateness; raise load.connectionsPerWorker to send them on time'
  );
}
