import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OperationSender } from '../../src/load/operation-sender.js';

/** A loopback server that counts its TCP connections and the paths asked, holding each answer `holdMs`. */
async function countingServer(holdMs = 0) {
  const seen = { connections: 0, paths: [] as string[] };
  const server = http.createServer((req, res) => {
    seen.paths.push(req.url ?? '');
    req.resume();
    setTimeout(() => res.end('{"ok":true}'), holdMs);
  });
  server.on('connection', () => (seen.connections += 1));
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, seen, baseUrl: `http://127.0.0.1:${port}` };
}

const identity = (baseUrl: string) => ({
  baseUrl,
  graphVersion: 'v23.0',
  phoneNumberId: '1',
  accessToken: 't',
});
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

describe('the connection warm-up before the start instant', () => {
  it('opens every connection of the pool and runs the health path the asked number of times, so the first operations open none', async () => {
    const { server, seen, baseUrl } = await countingServer(20);
    const sender = new OperationSender(identity(baseUrl), 8, 2_000);
    cleanup.push(
      () => sender.close(),
      async () => void server.close(),
    );

    await sender.warm(8, 20, 2_000);
    expect(seen.connections).toBe(8);
    expect(seen.paths).toEqual(Array(20).fill('/_sim/health'));

    const sends = Array.from(
      { length: 8 },
      () =>
        new Promise((resolve) =>
          sender.send({ method: 'POST', path: '/v23.0/1/messages', body: '{}' }, resolve),
        ),
    );
    await Promise.all(sends);
    expect(seen.connections).toBe(8);
  });

  it('gives up waiting after its time limit and never fails when the target does not answer', async () => {
    const { server, seen, baseUrl } = await countingServer(5_000);
    const sender = new OperationSender(identity(baseUrl), 2, 10_000);
    cleanup.push(
      () => sender.destroy(),
      async () => void server.closeAllConnections(),
      async () => void server.close(),
    );
    const started = Date.now();
    await sender.warm(2, 100, 200);
    expect(Date.now() - started).toBeLessThan(2_000);
    // No round starts once the time is up: the run's sends never queue behind the other 98.
    expect(seen.paths).toHaveLength(2);
  });
});
