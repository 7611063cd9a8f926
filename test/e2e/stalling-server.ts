import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monotonicNowUs } from '../../src/units.js';

/**
 * A test target that answers at once, except inside stall windows, where it holds every
 * answer until the window ends (a GC pause or failover). Windows are given in µs on the
 * shared monotonic clock, so a test can place them relative to a run's start.
 */
export interface StallingServer {
  readonly url: string;
  stallBetween(windows: readonly { fromUs: number; toUs: number }[]): void;
  close(): Promise<void>;
}

export async function startStallingServer(): Promise<StallingServer> {
  let windows: readonly { fromUs: number; toUs: number }[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const answer = () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          request.url === '/_sim/health'
            ? '{"ok":true}'
            : '{"messaging_product":"whatsapp","messages":[{"id":"wamid.x"}],"url":"/media/x"}',
        );
      };
      const nowUs = monotonicNowUs();
      const stall = windows.find((w) => nowUs >= w.fromUs && nowUs < w.toUs);
      if (stall) setTimeout(answer, (stall.toUs - nowUs) / 1000);
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
