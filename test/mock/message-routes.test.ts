import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import { AUTH, build, clockAt, graphError, PHONE, send, textTo, USER, userSays } from './mock-harness.js';

let app: FastifyInstance;
afterEach(async () => {
  await app?.close();
});

const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: `+${USER}` };
const EVERY_TYPE: Record<string, Record<string, unknown>> = {
  text: { type: 'text', text: { body: 'hello', preview_url: false } },
  template: {
    type: 'template',
    template: {
      name: 'order_update',
      language: { code: 'en_US' },
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ann' }] }],
    },
  },
  buttons: {
    type: 'interactive',
    interactive: {
      type: 'button',
      body: { text: 'Ok?' },
      action: { buttons: [{ type: 'reply', reply: { id: 'y', title: 'Yes' } }] },
    },
  },
  list: {
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: 'Pick' },
      action: { button: 'Menu', sections: [{ title: 'A', rows: [{ id: 'r', title: 'Row' }] }] },
    },
  },
  image: { type: 'image', image: { id: '1037543291000001', caption: 'pic' } },
  audio: { type: 'audio', audio: { link: 'https://example.com/a.ogg' } },
  video: { type: 'video', video: { id: '1' } },
  document: { type: 'document', document: { link: 'https://example.com/d.pdf', filename: 'd.pdf' } },
  sticker: { type: 'sticker', sticker: { id: '1' } },
  reaction: { type: 'reaction', reaction: { message_id: 'wamid.in1', emoji: '👍' } },
  location: { type: 'location', location: { latitude: '37.44', longitude: '-122.16', name: 'HQ' } },
  contacts: { type: 'contacts', contacts: [{ name: { formatted_name: 'Ann Lee' } }] },
};

describe('POST /:version/:phoneNumberId/messages', () => {
  test.each(Object.entries(EVERY_TYPE))('%s answers as the Cloud API', async (_name, message) => {
    app = build();
    await userSays(app);
    const res = await send(app, { ...base, ...message });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const wamid = expect.stringMatching(/^wamid\./);
    expect(body).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: `+${USER}`, wa_id: USER }],
      // Template sends carry their pacing status (research §2).
      messages: [message.type === 'template' ? { id: wamid, message_status: 'accepted' } : { id: wamid }],
    });
  });

  test.each(['v21.0', 'v23.0', 'v26.0'])('accepts %s', async (version) => {
    app = build();
    await userSays(app);
    expect((await send(app, textTo(), AUTH, `/${version}/${PHONE}/messages`)).statusCode).toBe(200);
  });

  test('mark as read and typing indicator answer {success: true}; unknown message_id is (#100)', async () => {
    app = build();
    await userSays(app, 'wamid.known');
    const read = await send(app, {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.known',
    });
    expect(read.json()).toEqual({ success: true });
    const typing = await send(app, {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.known',
      typing_indicator: { type: 'text' },
    });
    expect(typing.json()).toEqual({ success: true });
    const unknown = await send(app, {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.never',
    });
    expect(unknown.statusCode).toBe(400);
    expect(graphError(unknown.body).code).toBe(100);
  });

  test('missing token and bad token: (#190), HTTP 401, checked before the body', async () => {
    app = build();
    const missing = await send(app, { nonsense: true }, {});
    expect(missing.statusCode).toBe(401);
    expect(graphError(missing.body).code).toBe(190);
    const bad = await send(app, textTo(), { authorization: 'Bearer wrong' });
    expect(bad.statusCode).toBe(401);
    expect(graphError(bad.body).code).toBe(190);
  });

  test('invalid parameter (#100) with details, HTTP 400', async () => {
    app = build();
    await userSays(app);
    const res = await send(app, textTo(`+${USER}`, 'x'.repeat(4097)));
    expect(res.statusCode).toBe(400);
    expect(graphError(res.body)).toMatchObject({
      code: 100,
      message: '(#100) Invalid parameter',
      details: expect.stringContaining('4096'),
    });
    const rows = await send(app, {
      ...base,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'x' },
        action: {
          button: 'b',
          sections: [
            { rows: Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, title: 't' })) },
            { rows: Array.from({ length: 5 }, (_, i) => ({ id: `b${i}`, title: 't' })) },
          ],
        },
      },
    });
    expect(graphError(rows.body).code).toBe(100);
  });

  test('malformed JSON, wrong content type and unknown route are (#100) envelopes', async () => {
    app = build();
    const bad = await app.inject({
      method: 'POST',
      url: `/v23.0/${PHONE}/messages`,
      headers: { ...AUTH, 'content-type': 'application/json' },
      payload: '{"messaging_product":',
    });
    expect(bad.statusCode).toBe(400);
    expect(graphError(bad.body).code).toBe(100);
    const empty = await app.inject({
      method: 'POST',
      url: `/v23.0/${PHONE}/messages`,
      headers: { ...AUTH, 'content-type': 'application/json' },
    });
    expect(graphError(empty.body).code).toBe(100);
    const xml = await app.inject({
      method: 'POST',
      url: `/v23.0/${PHONE}/messages`,
      headers: { ...AUTH, 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(graphError(xml.body).code).toBe(100);
    const lost = await app.inject({ method: 'GET', url: '/nowhere/at/all/here' });
    expect(graphError(lost.body).code).toBe(100);
  });

  test('unknown phone-number id: (#100) subcode 33; old version refused', async () => {
    app = build();
    const res = await send(app, textTo(), AUTH, '/v23.0/999/messages');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.error_subcode).toBe(33);
    const old = await send(app, textTo(), AUTH, `/v17.0/${PHONE}/messages`);
    expect(graphError(old.body).code).toBe(100);
  });

  test('outside the 24-hour window: (#131047) for text, templates still pass', async () => {
    app = build();
    const res = await send(app, textTo());
    expect(res.statusCode).toBe(400);
    expect(graphError(res.body).code).toBe(131047);
    const template = await send(app, { ...base, ...EVERY_TYPE.template });
    expect(template.statusCode).toBe(200);
  });

  test('throughput limit per number: (#130429) beyond 80 messages in a burst, inbound counted but never refused', async () => {
    let nowUs = 0;
    app = build({ pairRate: { enabled: false } }, { clock: clockAt(() => nowUs) });
    await userSays(app);
    const codes: number[] = [];
    // The user's message took one of the 80 (throughput is in + out).
    for (let i = 0; i < 79; i++) codes.push((await send(app, textTo())).statusCode);
    expect(codes.every((c) => c === 200)).toBe(true);
    const over = await send(app, textTo());
    expect(graphError(over.body).code).toBe(130429);
    // A user's message over the quota is accepted; its webhook waits at the quota (decision 0008).
    expect((await userSays(app, 'wamid.in2')).statusCode).toBe(200);
    const stats = (await app.inject({ method: 'GET', url: '/_sim/stats' })).json();
    expect(stats.quota).toMatchObject({ refused: 1, inboundQueued: 1, inboundDropped: 0 });
    nowUs += 1_000_000;
    expect((await send(app, textTo())).statusCode).toBe(200);
  });

  test('pair rate limit: (#131056) after a burst of 45 to one user; HTTP status configurable', async () => {
    app = build(
      { enforceThroughput: false, errorHttpStatus: { '131056': 429 } },
      { clock: clockAt(() => 0) },
    );
    await userSays(app);
    for (let i = 0; i < 45; i++) expect((await send(app, textTo())).statusCode).toBe(200);
    const over = await send(app, textTo());
    expect(over.statusCode).toBe(429);
    expect(graphError(over.body).code).toBe(131056);
  });

  test('overload: (#131016) HTTP 503 when every slot is busy and the queue is full', async () => {
    app = build({
      capacity: { slots: 1, queueLimit: 0, serviceTimeMs: { default: { dist: 'constant', value: 200 } } },
    });
    await app.inject({ method: 'GET', url: '/_sim/health' });
    const first = userSays(app);
    // A business call (a template needs no window) finds the only slot busy and no queue room.
    const second = await send(app, { ...base, ...EVERY_TYPE.template });
    expect(second.statusCode).toBe(503);
    expect(graphError(second.body)).toMatchObject({
      code: 131016,
      message: '(#131016) Service temporarily unavailable',
    });
    expect((await first).statusCode).toBe(200);
  });

  test('a user message is never refused for overload: it waits for a slot (decision 0008)', async () => {
    app = build({
      capacity: { slots: 1, queueLimit: 0, serviceTimeMs: { default: { dist: 'constant', value: 50 } } },
    });
    const answers = await Promise.all([userSays(app), userSays(app, 'wamid.in2', '16505550000')]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(Number(answers[1]?.headers['x-chatload-sojourn-us'])).toBeGreaterThanOrEqual(90_000);
  });

  test('overload code is configurable (2 or 133004)', async () => {
    app = build({
      capacity: {
        slots: 1,
        queueLimit: 0,
        overloadCode: 133004,
        serviceTimeMs: { default: { dist: 'constant', value: 100 } },
      },
    });
    const first = userSays(app);
    expect(graphError((await send(app, { ...base, ...EVERY_TYPE.template })).body).code).toBe(133004);
    await first;
  });

  test('pricing is counted per category', async () => {
    app = build();
    await userSays(app);
    await send(app, textTo());
    const sale = await send(app, {
      ...base,
      type: 'template',
      template: {
        name: 'spring_sale',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/s.png' } }] },
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ann' },
              { type: 'text', text: '20 %' },
            ],
          },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'spring' }] },
        ],
      },
    });
    expect(sale.statusCode, sale.body).toBe(200);
    await send(app, { ...base, ...EVERY_TYPE.template });
    const stats = (await app.inject({ method: 'GET', url: '/_sim/stats' })).json();
    expect(stats.pricing).toMatchObject({
      service: { free: 1, billable: 0 },
      marketing: { billable: 1 },
      utility: { free: 1, billable: 0 },
    });
  });
});
