import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { seededUniform } from '../../src/platform/distribution-sampler.js';
import { WebhookFanout } from '../../src/platform/webhook-fanout.js';
import { WebhookPlanner } from '../../src/platform/webhook-plan.js';
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
  const clock: Clock = {
    nowUs: () => nowUs,
    afterUs: (d, run) => void timers.push({ atUs: nowUs + d, run }),
    soon: (run) => void timers.push({ atUs: nowUs, run }),
  };
  const runAll = () => {
    while (timers.length > 0) {
      timers.sort((a, b) => a.atUs - b.atUs);
      const next = timers.shift()!;
      nowUs = next.atUs;
      next.run();
    }
  };
  return { clock, runAll, setNow: (us: number) => (nowUs = us) };
}

const metadata = { display_phone_number: '15550783881', phone_number_id: '106540352242922' };
const pricing = {
  billable: false,
  pricing_model: 'PMP',
  type: 'free_customer_service',
  category: 'service',
} as const;
const fixed = (ms: number) => ({ dist: 'constant', value: ms }) as const;

interface Emitted {
  change: WebhookChange;
  originUs: number;
  kind: string;
  atUs: number;
}

function fanoutWith(settings: ConstructorParameters<typeof WebhookPlanner>[0]) {
  const { clock, runAll, setNow } = manualClock();
  const out: Emitted[] = [];
  const fanout = new WebhookFanout(
    new WebhookPlanner(settings, seededUniform(1)),
    clock,
    (us) => 1_750_000_000_000 + us / 1000,
    (change, originUs, kind) => out.push({ change, originUs, kind, atUs: clock.nowUs() }),
  );
  return { fanout, out, runAll, setNow };
}

describe('webhook fan-out', () => {
  test('sent → delivered → read, pricing on sent and delivered only, timestamps as strings, origin = acceptance', () => {
    const { fanout, out, runAll, setNow } = fanoutWith({
      readProbability: 1,
      sentDelayMs: fixed(20),
      deliveredDelayMs: fixed(300),
      readDelayMs: fixed(3000),
    });
    setNow(1_000);
    fanout.outbound(
      { metadata, wamid: 'wamid.A', recipientId: '16505551234', pricing, statusesOnlySent: false },
      false,
    );
    runAll();
    const statuses = out.map((e) => e.change.value.statuses?.[0]);
    expect(statuses.map((s) => s?.status)).toEqual(['sent', 'delivered', 'read']);
    expect(out.map((e) => e.atUs)).toEqual([21_000, 321_000, 3_321_000]);
    expect(out.every((e) => e.originUs === 1_000)).toBe(true);
    expect(statuses.map((s) => s?.pricing !== undefined)).toEqual([true, true, false]);
    expect(statuses[0]).toMatchObject({
      id: 'wamid.A',
      recipient_id: '16505551234',
      timestamp: expect.stringMatching(/^\d+$/),
    });
    expect(out[0]?.change.value).toMatchObject({ messaging_product: 'whatsapp', metadata });
  });

  test('a reaction gets only sent; a user message gets a messages webhook after its quota release', () => {
    const { fanout, out, runAll } = fanoutWith({ readProbability: 1, inboundDelayMs: fixed(5) });
    fanout.outbound({ metadata, wamid: 'wamid.R', recipientId: '1', pricing, statusesOnlySent: true }, false);
    fanout.inbound(
      metadata,
      'Sheena',
      { from: '16505551234', id: 'wamid.U', timestamp: '0', type: 'text', text: { body: 'hi' } },
      0,
      40_000,
    );
    runAll();
    expect(out).toHaveLength(2);
    const inbound = out.find((e) => e.kind === 'messages');
    expect(inbound?.atUs).toBe(45_000);
    expect(inbound?.originUs).toBe(0);
    expect(inbound?.change.value.contacts).toEqual([{ profile: { name: 'Sheena' }, wa_id: '16505551234' }]);
  });

  test("asynchronous failures: the configured share fails after sent with Meta's error object, never read", () => {
    const { fanout, out, runAll } = fanoutWith({
      readProbability: 1,
      asyncFailures: [{ code: 131026, share: 0.25 }],
    });
    for (let i = 0; i < 4_000; i++)
      fanout.outbound(
        { metadata, wamid: `wamid.${i}`, recipientId: '1', pricing, statusesOnlySent: false },
        false,
      );
    runAll();
    const failed = out.filter((e) => e.kind === 'failed');
    expect(failed.length / 4_000).toBeGreaterThan(0.25 - 4 * Math.sqrt((0.25 * 0.75) / 4_000));
    expect(failed.length / 4_000).toBeLessThan(0.25 + 4 * Math.sqrt((0.25 * 0.75) / 4_000));
    expect(failed[0]?.change.value.statuses?.[0]?.errors).toEqual([
      {
        code: 131026,
        title: 'Message Undeliverable',
        message: 'Message Undeliverable',
        error_data: { details: 'Unable to deliver message.' },
      },
    ]);
    expect(out.filter((e) => e.kind === 'delivered').length + failed.length).toBe(4_000);
    expect(out.filter((e) => e.kind === 'read').length).toBe(4_000 - failed.length);
  });

  test('131049 (marketing limits) applies to marketing messages only', () => {
    const { fanout, out, runAll } = fanoutWith({
      readProbability: 0,
      asyncFailures: [{ code: 131049, share: 1 }],
    });
    fanout.outbound({ metadata, wamid: 'wamid.M', recipientId: '1', pricing, statusesOnlySent: false }, true);
    fanout.outbound(
      { metadata, wamid: 'wamid.S', recipientId: '1', pricing, statusesOnlySent: false },
      false,
    );
    runAll();
    expect(out.filter((e) => e.kind === 'failed').map((e) => e.change.value.statuses?.[0]?.id)).toEqual([
      'wamid.M',
    ]);
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
