import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { CapacityScheduler } from '../../src/platform/capacity-model.js';
import { seededUniform } from '../../src/platform/distribution-sampler.js';
import { WebhookFanout } from '../../src/platform/webhook-fanout.js';
import type { WebhookChange } from '../../src/platform/webhook-payloads.js';
import {
  escapeNonAscii,
  serializeWebhookBody,
  signatureHeader,
  verifySignature,
  verifyWebhookSubscription,
} from '../../src/platform/webhook-signature.js';

function manualClock() {
  let nowUs = 0;
  const timers: { atUs: number; run: () => void }[] = [];
  const scheduler: CapacityScheduler = {
    nowUs: () => nowUs,
    after: (d, run) => void timers.push({ atUs: nowUs + d, run }),
  };
  const runAll = () => {
    while (timers.length > 0) {
      timers.sort((a, b) => a.atUs - b.atUs);
      const next = timers.shift()!;
      nowUs = next.atUs;
      next.run();
    }
  };
  return { scheduler, runAll };
}

const metadata = { display_phone_number: '15550783881', phone_number_id: '106540352242922' };
const pricing = {
  billable: false,
  pricing_model: 'PMP',
  type: 'free_customer_service',
  category: 'service',
} as const;

describe('webhook fan-out', () => {
  test('sent → delivered → read, pricing on sent and delivered only, timestamps as strings', () => {
    const { scheduler, runAll } = manualClock();
    const out: WebhookChange[] = [];
    const fanout = new WebhookFanout(
      { readProbability: 1 },
      seededUniform(1),
      scheduler,
      (us) => 1_750_000_000_000 + us / 1000,
      (c) => out.push(c),
    );
    fanout.outbound({
      metadata,
      wamid: 'wamid.A',
      recipientId: '16505551234',
      pricing,
      statusesOnlySent: false,
    });
    runAll();
    const statuses = out.map((c) => c.value.statuses?.[0]);
    expect(statuses.map((s) => s?.status)).toEqual(['sent', 'delivered', 'read']);
    expect(statuses.map((s) => s?.pricing !== undefined)).toEqual([true, true, false]);
    expect(statuses[0]).toMatchObject({
      id: 'wamid.A',
      recipient_id: '16505551234',
      timestamp: expect.stringMatching(/^\d+$/),
    });
    expect(out[0]?.value).toMatchObject({ messaging_product: 'whatsapp', metadata });
  });

  test('a reaction gets only sent; a user message gets a messages webhook with contacts', () => {
    const { scheduler, runAll } = manualClock();
    const out: WebhookChange[] = [];
    const fanout = new WebhookFanout(
      { readProbability: 1 },
      seededUniform(1),
      scheduler,
      () => 0,
      (c) => out.push(c),
    );
    fanout.outbound({ metadata, wamid: 'wamid.R', recipientId: '1', pricing, statusesOnlySent: true });
    fanout.inbound(metadata, 'Sheena', {
      from: '16505551234',
      id: 'wamid.U',
      timestamp: '0',
      type: 'text',
      text: { body: 'hi' },
    });
    runAll();
    expect(out).toHaveLength(2);
    const inbound = out.find((c) => c.value.messages !== undefined);
    expect(inbound?.value.contacts).toEqual([{ profile: { name: 'Sheena' }, wa_id: '16505551234' }]);
  });
});

describe('webhook signature and handshake', () => {
  test('non-ASCII is escaped and the signature is HMAC-SHA256 of the exact bytes', () => {
    const raw = serializeWebhookBody({ text: 'héllo 👍' });
    expect(raw).toBe('{"text":"h\\u00e9llo \\ud83d\\udc4d"}');
    expect(JSON.parse(raw)).toEqual({ text: 'héllo 👍' });
    expect(escapeNonAscii('abc')).toBe('abc');
    const header = signatureHeader(raw, 'secret');
    expect(header).toBe(`sha256=${createHmac('sha256', 'secret').update(raw).digest('hex')}`);
    expect(verifySignature(raw, header, 'secret')).toBe(true);
    expect(verifySignature(raw, header, 'other')).toBe(false);
    expect(verifySignature(raw, undefined, 'secret')).toBe(false);
  });

  test('GET verification handshake', () => {
    const q = { 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1158201444' };
    expect(verifyWebhookSubscription(q, 'tok')).toEqual({ ok: true, challenge: '1158201444' });
    expect(verifyWebhookSubscription(q, 'nope').ok).toBe(false);
    expect(verifyWebhookSubscription({ ...q, 'hub.mode': 'unsubscribe' }, 'tok').ok).toBe(false);
    expect(verifyWebhookSubscription({ 'hub.mode': 'subscribe', 'hub.verify_token': 'tok' }, 'tok').ok).toBe(
      false,
    );
  });
});
