import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionWaitCount, connectionWaitWarning } from '../../src/load/connection-wait.js';
import { OperationSender, type SendOutcome } from '../../src/load/operation-sender.js';

const HOLD_MS = 80;

/** A loopback server that holds every answer HOLD_MS. */
async function slowServer() {
  const server = http.createServer((req, res) => {
    req.resume();
    setTimeout(() => res.end('{"ok":true}'), HOLD_MS);
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, baseUrl: `http://127.0.0.1:${port}` };
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

describe('time spent waiting for a free connection', () => {
  it('is measured per send: with 2 connections busy for 80 ms, the 3rd and 4th sends wait about that long', async () => {
    const { server, baseUrl } = await slowServer();
    const sender = new OperationSender(
      { baseUrl, graphVersion: 'v23.0', phoneNumberId: '1', accessToken: 't' },
      2,
      5_000,
    );
    cleanup.push(
      () => sender.close(),
      async () => void server.close(),
    );
    await sender.warm(2, 2, 2_000);

    const outcomes = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<SendOutcome>((resolve) =>
            sender.send({ method: 'POST', path: '/v23.0/1/messages', body: '{}' }, resolve),
          ),
      ),
    );
    const waitsMs = outcomes.map((o) => o.connectionWaitUs / 1_000).sort((a, b) => a - b);
    // Two sends find an idle connection; two wait for an answer the server held HOLD_MS.
    expect(waitsMs[1]).toBeLessThan(HOLD_MS / 2);
    expect(waitsMs[2]).toBeGreaterThanOrEqual(HOLD_MS * 0.8);
    expect(waitsMs[3]).toBeLessThan(HOLD_MS * 10);
    for (const outcome of outcomes) expect(outcome.errorCode).toBeUndefined();
  });

  it('counts the operations that found the pool full, and keeps the longest wait', () => {
    const count = new ConnectionWaitCount();
    for (const waitUs of [40, 25_000, 3_000]) count.add(waitUs);
    expect(count.operations).toBe(3);
    expect(count.maxUs).toBe(25_000);
  });

  it('becomes a run warning that names the share, the longest wait and the setting to raise', () => {
    expect(
      connectionWaitWarning({ operations: 0, maxUs: 0, sent: 1_000, connectionsPerWorker: 64 }),
    ).toBeUndefined();
    expect(
      connectionWaitWarning({ operations: 250, maxUs: 31_400, sent: 10_000, connectionsPerWorker: 64 }),
    ).toBe(
      '250 operations (2.5 % of those sent) found all 64 connections of their worker busy and waited for a free one, up to 31.4ms. ' +
        'The wait counts as generator lateness; raise load.connectionsPerWorker to send them on time',
    );
    expect(
      connectionWaitWarning({ operations: 30, maxUs: 1_200, sent: 100_000, connectionsPerWorker: 8 }),
    ).toContain('(0.03 % of those sent)');
    expect(
      connectionWaitWarning({ operations: 3, maxUs: 1_200, sent: 100_000, connectionsPerWorker: 8 }),
    ).toContain('(< 0.01 % of those sent)');
  });
});
