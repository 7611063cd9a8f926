import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monotonicNowUs } from '../../src/units.js';

/**
 * A test target that answers at once, except inside stall windows, where it holds every
 * answer until the window ends (a GC pause or failover). Windows are given in µs on the
 * shared monotonic clock, so a test can place them relative to a run's start. It reports what
 * it actually did — every request's arrival and how long it was held — so a test's expected
 * band comes from the stalls applied, not from the stalls intended.
 */
export interface StallingServer {
  readonly url: string;
  stallBetween(windows: readonly { fromUs: number; toUs: number }[]): void;
  /** Requests answered since the last call (or the start), oldest first; the log is then cleared. */
  takeReport(): StallReport;
  close(): Promise<void>;
}

export interface ServedRequest {
  readonly arrivedUs: number;
  /** Time the answer was held back by a stall (0 when answered at once), µs. */
  readonly heldUs: number;
}

export interface StallReport {
  readonly requests: readonly ServedRequest[];
  readonly held: readonly ServedRequest[];
}

export async function startStallingServer(): Promise<StallingServer> {
  let windows: readonly { fromUs: number; toUs: number }[] = [];
  let served: ServedRequest[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const arrivedUs = monotonicNowUs();
      const answer = () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(request.url === '/_sim/health' ? '{"ok":true}' : '{"messaging_product":"whatsapp","messages":[{"id":"wamid.x"}],"url":"/media/x"}');
        if (request.url !== '/_sim/health') served.push({ arrivedUs, heldUs: monotonicNowUs() - arrivedUs });
      };
      const stall = windows.find((w) => arrivedUs >= w.fromUs && arrivedUs < w.toUs);
      // Whole ms, rounded up: a timer never answers before the window's end (then the next request would be held too).
      if (stall) setTimeout(answer, Math.ceil((stall.toUs - arrivedUs) / 1000) + 1);
      else answer();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stallBetween: (next) => {
      windows = next;
    },
    takeReport: () => {
      const requests = served;
      served = [];
      // A request is held when a stall window caught it; answering takes a few µs otherwise.
      const caught = (r: ServedRequest) => windows.some((w) => r.arrivedUs >= w.fromUs && r.arrivedUs < w.toUs);
      return { requests, held: requests.filter(caught) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
