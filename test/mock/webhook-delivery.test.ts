import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { PostLike } from '../../src/mock/webhook-post.js';
import { verifySignature } from '../../src/platform/webhook-signature.js';
import { build, send, textTo, userSays } from './mock-harness.js';

let app: FastifyInstance;
afterEach(async () => {
  vi.useRealTimers();
  await app?.close();
});

interface Post {
  body: string;
  signature: string | undefined;
}

function recorder(statuses: number[] = []) {
  const posts: Post[] = [];
  const fetch: PostLike = async (_url, headers, body) => {
    posts.push({ body, signature: headers['x-hub-signature-256'] });
    return statuses.shift() ?? 200;
  };
  return { posts, fetch };
}

const fast = { dist: 'constant', value: 0 };
const hooks = (extra: Record<string, unknown> = {}) => ({
  appSecret: 'shh',
  webhooks: {
    url: 'http://receiver.test/hook',
    batchWindowMs: 1,
    inboundDelayMs: fast,
    sentDelayMs: fast,
    deliveredDelayMs: fast,
    readDelayMs: fast,
    readProbability: 1,
    ...extra,
  },
});

async function settle(app: FastifyInstance, delivered: number) {
  for (let i = 0; i < 200; i++) {
    const stats = (await app.inject({ method: 'GET', url: '/_sim/stats' })).json();
    if (stats.webhooks.delivered + stats.webhooks.dropped >= delivered) return stats;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('webhooks did not settle');
}

describe('webhook delivery', () => {
  test('messages + sent/delivered/read in the real envelope, signed over the exact bytes', async () => {
    const { posts, fetch } = recorder();
    app = build(hooks(), { webhookPost: fetch });
    await userSays(app, 'wamid.in1', '16505551234', { text: { body: 'olá 👋' } });
    await send(app, textTo());
    const stats = await settle(app, 4);
    expect(stats.webhooks).toMatchObject({ delivered: 4, failedAttempts: 0 });
    const changes = posts.flatMap((p) => {
      expect(verifySignature(p.body, p.signature, 'shh')).toBe(true);
      expect([...p.body].every((ch) => ch.charCodeAt(0) < 128)).toBe(true);
      const envelope = JSON.parse(p.body);
      expect(envelope.object).toBe('whatsapp_business_account');
      expect(envelope.entry[0].id).toBe('102290129340398');
      return envelope.entry[0].changes;
    });
    expect(changes[0].value.messages[0]).toMatchObject({
      id: 'wamid.in1',
      type: 'text',
      text: { body: 'olá 👋' },
    });
    const statuses = changes.flatMap(
      (c: { value: { statuses?: { status: string }[] } }) => c.value.statuses ?? [],
    );
    expect(statuses.map((s: { status: string }) => s.status)).toEqual(['sent', 'delivered', 'read']);
  });

  test('batches up to batchMaxItems updates per POST', async () => {
    const { posts, fetch } = recorder();
    app = build(
      { ...hooks({ batchMaxItems: 2, batchWindowMs: 50 }), enforceThroughput: false },
      { webhookPost: fetch },
    );
    for (let i = 0; i < 5; i++) await userSays(app, `wamid.b${i}`, `1650555000${i}`);
    await settle(app, 5);
    expect(posts.map((p) => JSON.parse(p.body).entry[0].changes.length)).toEqual([2, 2, 1]);
  });

  test('non-200 is retried on the compressed schedule, then dropped', async () => {
    const { posts, fetch } = recorder([500, 503, 200]);
    app = build(hooks({ retryScheduleSeconds: [0, 1], timeCompression: 1000 }), { webhookPost: fetch });
    await userSays(app);
    const stats = await settle(app, 1);
    expect(stats.webhooks).toMatchObject({ delivered: 1, failedAttempts: 2, retries: 2, dropped: 0 });
    expect(new Set(posts.map((p) => p.body)).size).toBe(1);

    const dead = recorder([500, 500, 500, 500]);
    await app.close();
    app = build(hooks({ retryScheduleSeconds: [0], timeCompression: 1000 }), { webhookPost: dead.fetch });
    await userSays(app);
    expect((await settle(app, 1)).webhooks).toMatchObject({ delivered: 0, failedAttempts: 2, dropped: 1 });
  });
});
