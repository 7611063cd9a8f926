import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { WhatsAppAPI } from 'whatsapp-api-js';
import { isChatloadError } from '../../src/errors.js';
import { type RunningMockServer, startMockServer } from '../../src/mock/start-mock-server.js';
import { settingsWith } from './mock-harness.js';

/** A bot's webhook endpoint: answers GETs with `answer` and keeps what it was asked. */
interface Bot {
  readonly url: string;
  readonly gets: { query: URLSearchParams; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

async function bot(
  answer: (query: URLSearchParams) => Promise<{ status: number; body: string }>,
): Promise<Bot> {
  const gets: Bot['gets'] = [];
  const server: Server = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://bot').searchParams;
    gets.push({ query, headers: req.headers });
    void answer(query).then(({ status, body }) => res.writeHead(status).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    gets,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A whatsapp-api-js bot: its get() handler answers the verification as a real bot does. */
const apiBot = (verifyToken: string) => {
  const api = new WhatsAppAPI({ token: 't', appSecret: 's', webhookVerifyToken: verifyToken, v: 'v23.0' });
  return async (query: URLSearchParams) => {
    try {
      return {
        status: 200,
        body: String(api.get(Object.fromEntries(query) as Parameters<typeof api.get>[0])),
      };
    } catch (error) {
      return { status: Number(error) || 403, body: 'forbidden' };
    }
  };
};

let mock: RunningMockServer | undefined;
let endpoint: Bot | undefined;
afterEach(async () => {
  await mock?.close();
  await endpoint?.close();
  mock = undefined;
  endpoint = undefined;
});

const withHook = (url: string, extra: Record<string, unknown> = {}) =>
  settingsWith({ verifyToken: 'bot-verify-token', webhooks: { url, ...extra } });

async function startFailure(url: string): Promise<string> {
  try {
    mock = await startMockServer(withHook(url));
  } catch (error) {
    if (!isChatloadError(error)) throw error;
    expect(error.code).toBe('CHATLOAD_E_WEBHOOK_HANDSHAKE');
    return error.message;
  }
  throw new Error('the mock started');
}

describe('the mock subscribes the bot’s webhook at start (hub.mode=subscribe handshake)', () => {
  test('a bot that echoes the challenge (whatsapp-api-js get()) is subscribed; the GET looks like Meta’s', async () => {
    endpoint = await bot(apiBot('bot-verify-token'));
    mock = await startMockServer(withHook(endpoint.url));
    expect(mock.webhookSubscribed).toBe(true);
    expect(endpoint.gets).toHaveLength(1);
    const [get] = endpoint.gets;
    expect(get?.query.get('hub.mode')).toBe('subscribe');
    expect(get?.query.get('hub.verify_token')).toBe('bot-verify-token');
    expect(get?.query.get('hub.challenge')).toMatch(/^\d{10}$/);
    expect(get?.headers['user-agent']).toBe('facebookexternalua');
  });

  test('a bot with another verify token refuses: the mock does not start, and says why', async () => {
    endpoint = await bot(apiBot('another-token'));
    expect(await startFailure(endpoint.url)).toMatch(/did not accept the subscription: it answered HTTP 403/);
  });

  test('a bot that answers 200 without the challenge: the mock does not start', async () => {
    endpoint = await bot(async () => ({ status: 200, body: 'EVENT_RECEIVED' }));
    expect(await startFailure(endpoint.url)).toMatch(/did not echo hub\.challenge/);
  });

  test('an unreachable webhook: the mock does not start', async () => {
    expect(await startFailure('http://127.0.0.1:9/webhook')).toMatch(/could not be reached/);
  });

  test('webhooks.verifyOnStart: false skips the handshake', async () => {
    endpoint = await bot(async () => ({ status: 500, body: '' }));
    mock = await startMockServer(withHook(endpoint.url, { verifyOnStart: false }));
    expect(mock.webhookSubscribed).toBe(false);
    expect(endpoint.gets).toHaveLength(0);
  });
});
