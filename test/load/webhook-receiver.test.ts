import { afterEach, describe, expect, test } from 'vitest';
import { startWebhookReceiver, type RunningWebhookReceiver } from '../../src/load/webhook-receiver.js';
import { mergeWebhookTallies } from '../../src/metrics/exact-merge.js';
import { pricingTotals, UNATTRIBUTED } from '../../src/metrics/webhook-tally.js';
import { SENT_AT_HEADER } from '../../src/platform/timing-headers.js';
import { priceMessage } from '../../src/platform/pricing.js';
import {
  inboundMessageChange,
  statusChange,
  type MessageStatus,
  type WebhookChange,
  webhookEnvelope,
} from '../../src/platform/webhook-payloads.js';
import { serializeWebhookBody, signatureHeader } from '../../src/platform/webhook-signature.js';
import { shapeResolver, userIdOfWaId, waIdOf } from '../../src/traffic/user-identity.js';

const APP_SECRET = 'test-app-secret';
const VERIFY_TOKEN = 'test-verify-token';
const metadata = { display_phone_number: '15550783881', phone_number_id: '106540352242922' };
// 100 users: 0–59 customer-service, 60–99 general-chatbot (contiguous blocks by weight).
const MIX = [
  { shape: 'customer-service', weight: 0.6 },
  { shape: 'general-chatbot', weight: 0.4 },
] as const;

let receiver: RunningWebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function start(nowUs?: () => number): Promise<RunningWebhookReceiver> {
  receiver = await startWebhookReceiver({
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    shapeOf: shapeResolver(100, MIX),
    ...(nowUs ? { nowUs } : {}),
  });
  return receiver;
}

const inbound = (userId: number, seq: number): WebhookChange =>
  inboundMessageChange(metadata, 'User', {
    from: waIdOf(userId),
    id: `wamid.IN${userId}.${seq}`,
    timestamp: '1750000000',
    type: 'text',
    text: { body: 'hi ✓' },
  });

const status = (userId: number, name: MessageStatus['status'], template = false): WebhookChange =>
  statusChange(metadata, {
    id: `wamid.OUT${userId}`,
    status: name,
    timestamp: '1750000000',
    recipient_id: waIdOf(userId),
    ...(name === 'read' ? {} : { pricing: priceMessage(template, 'marketing', true) }),
  });

async function post(
  url: string,
  changes: readonly WebhookChange[],
  opts: { secret?: string; sentAtUs?: number } = {},
) {
  const body = serializeWebhookBody(webhookEnvelope('102290129340398', changes));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-hub-signature-256': signatureHeader(body, opts.secret ?? APP_SECRET),
  };
  if (opts.sentAtUs !== undefined) headers[SENT_AT_HEADER] = String(opts.sentAtUs);
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, bytes: Buffer.byteLength(body) };
}

describe('user identity', () => {
  test('waIdOf and userIdOfWaId are inverses; foreign numbers map to nobody', () => {
    for (const u of [0, 1, 59, 60, 99, 123_456_789]) expect(userIdOfWaId(waIdOf(u))).toBe(u);
    expect(userIdOfWaId('16505551234')).toBeUndefined();
    expect(userIdOfWaId('1555000000x12')).toBeUndefined();
    const shapeOf = shapeResolver(100, MIX);
    expect([0, 59, 60, 99, 100].map((u) => shapeOf(waIdOf(u)))).toEqual([
      'customer-service',
      'customer-service',
      'general-chatbot',
      'general-chatbot',
      undefined,
    ]);
  });
});

describe('webhook receiver', () => {
  test('counts signed updates per shape: messages, statuses, pricing once per message from sent, bytes, delay', async () => {
    const r = await start(() => 1_000_000);
    const first = await post(
      r.url,
      [inbound(1, 1), inbound(61, 1), status(2, 'sent'), status(2, 'delivered'), status(2, 'read')],
      { sentAtUs: 999_000 },
    );
    const second = await post(
      r.url,
      [status(70, 'sent', true), status(70, 'delivered', true), status(71, 'failed'), status(5, 'sent')],
      { sentAtUs: 998_000 },
    );
    expect([first.status, second.status]).toEqual([200, 200]);
    await r.close();
    const cs = r.tally.shapes.get('customer-service')!;
    const bot = r.tally.shapes.get('general-chatbot')!;
    expect({ posts: cs.posts, updates: cs.updates, messages: cs.messages, statuses: cs.statuses }).toEqual({
      posts: 2,
      updates: 5,
      messages: 1,
      statuses: { sent: 2, delivered: 1, read: 1, failed: 0 },
    });
    expect({
      posts: bot.posts,
      updates: bot.updates,
      messages: bot.messages,
      statuses: bot.statuses,
    }).toEqual({
      posts: 2,
      updates: 4,
      messages: 1,
      statuses: { sent: 1, delivered: 1, read: 0, failed: 1 },
    });
    expect(cs.pricing).toEqual({ service: { billable: 0, free: 2 } });
    expect(bot.pricing).toEqual({ marketing: { billable: 1, free: 0 } });
    expect(bot.pricingTypes).toEqual({ regular: 1 });
    expect(pricingTotals(cs)).toEqual({ billable: 0, free: 2 });
    expect(r.tally.posts).toBe(2);
    expect(r.tally.bytes).toBe(first.bytes + second.bytes);
    expect(cs.bytes + bot.bytes).toBeCloseTo(first.bytes + second.bytes, 6);
    expect(cs.delayUs.totalCount).toBe(5);
    expect(cs.delayUs.getValueAtPercentile(100)).toBeCloseTo(2_000, -1);
    expect(bot.delayUs.getValueAtPercentile(0)).toBeCloseTo(1_000, -1);
  });

  test('a bad signature is answered 401 and counted as such, not as load', async () => {
    const r = await start();
    const bad = await post(r.url, [inbound(1, 1), status(80, 'sent')], { secret: 'wrong' });
    const unsigned = await fetch(r.url, { method: 'POST', body: '{"entry":[]}' });
    expect([bad.status, unsigned.status]).toEqual([401, 401]);
    await r.close();
    expect(r.tally.rejectedPosts).toBe(2);
    expect(r.tally.shapes.get('customer-service')).toMatchObject({
      signatureFailures: 1,
      updates: 0,
      messages: 0,
      posts: 0,
    });
    expect(r.tally.shapes.get('general-chatbot')).toMatchObject({
      signatureFailures: 1,
      updates: 0,
      statuses: { sent: 0, delivered: 0, read: 0, failed: 0 },
    });
  });

  test('updates for numbers outside the population are unattributed; a POST without a send time has no delay', async () => {
    const r = await start();
    const foreign = statusChange(metadata, {
      id: 'wamid.X',
      status: 'sent',
      timestamp: '1',
      recipient_id: '16505551234',
    });
    expect((await post(r.url, [foreign, inbound(3, 1)])).status).toBe(200);
    await r.close();
    expect(r.tally.shapes.get(UNATTRIBUTED)?.statuses.sent).toBe(1);
    expect(r.tally.shapes.get('customer-service')).toMatchObject({ messages: 1, delayUnmeasured: 1 });
    expect(r.tally.shapes.get('customer-service')?.delayUs.totalCount).toBe(0);
  });

  test('answers the GET verification handshake with the challenge, refuses a wrong token', async () => {
    const r = await start();
    const ok = await fetch(
      `${r.url}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const refused = await fetch(`${r.url}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`);
    expect(refused.status).toBe(403);
    expect(r.tally).toMatchObject({ handshakes: 2, handshakesRefused: 1 });
  });

  test('tallies merge exactly: counters and delay histograms add', async () => {
    const a = await start(() => 10_000);
    await post(a.url, [inbound(1, 1), status(61, 'sent')], { sentAtUs: 9_000 });
    await a.close();
    const b = await start(() => 10_000);
    await post(b.url, [inbound(2, 1)], { sentAtUs: 5_000 });
    await b.close();
    const merged = mergeWebhookTallies([a.tally, b.tally]);
    expect(merged.posts).toBe(2);
    const cs = merged.shapes.get('customer-service')!;
    expect(cs.messages).toBe(2);
    expect(cs.delayUs.totalCount).toBe(2);
    expect(cs.delayUs.maxValue).toBeGreaterThanOrEqual(4_990);
    expect(merged.shapes.get('general-chatbot')?.statuses.sent).toBe(1);
  });
});
