import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { sendResponseJson } from '../../src/mock/send-response-json.js';
import { AUTH, build, graphError, PHONE, TOKEN, textTo, USER, userSays } from './mock-harness.js';

let app: FastifyInstance;
beforeAll(() => {
  app = build();
});
beforeEach(async () => {
  await app.inject({ method: 'POST', url: '/_sim/reset' });
});
afterAll(async () => {
  await app.close();
});

const messagesUrl = `/v23.0/${PHONE}/messages`;

describe('transport details of the Graph face', () => {
  test('?access_token= authorises like the Bearer header; a wrong one is (#190)', async () => {
    await userSays(app);
    const ok = await app.inject({
      method: 'POST',
      url: `${messagesUrl}?access_token=${TOKEN}`,
      payload: textTo(),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const wrong = await app.inject({
      method: 'POST',
      url: `${messagesUrl}?access_token=nope`,
      payload: textTo(),
    });
    expect(wrong.statusCode).toBe(401);
    expect(graphError(wrong.body).code).toBe(190);
    const get = await app.inject({ method: 'GET', url: `/v23.0/1037543291000001?access_token=${TOKEN}` });
    expect(graphError(get.body).code).toBe(100); // authorised, then an unknown id
  });

  test('form-encoded bodies, structured fields as JSON text (Graph’s curl -d form)', async () => {
    await userSays(app);
    const form = new URLSearchParams({
      messaging_product: 'whatsapp',
      to: USER,
      type: 'text',
      text: JSON.stringify({ body: 'hello from a form', preview_url: false }),
    });
    const res = await app.inject({
      method: 'POST',
      url: messagesUrl,
      headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().contacts).toEqual([{ input: USER, wa_id: USER }]);
    const broken = await app.inject({
      method: 'POST',
      url: messagesUrl,
      headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'messaging_product=whatsapp&to=1&type=text&text={not json',
    });
    expect(graphError(broken.body).code).toBe(100);
  });

  test('a structured field sent as JSON text in a JSON body is decoded (whatsapp-api-js sends contacts so); other strings stay strings', async () => {
    await userSays(app);
    const res = await app.inject({
      method: 'POST',
      url: messagesUrl,
      headers: AUTH,
      payload: {
        messaging_product: 'whatsapp',
        to: USER,
        type: 'contacts',
        contacts: JSON.stringify([{ name: { formatted_name: 'Ann Lee' } }]),
        biz_opaque_callback_data: '{"order":1}',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  test('the token is checked before the body is read: no token and a broken body is (#190), not (#100)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: messagesUrl,
      headers: { 'content-type': 'application/json' },
      payload: '{"messaging_product":',
    });
    expect(res.statusCode).toBe(401);
    expect(graphError(res.body).code).toBe(190);
    const unknownNumber = await app.inject({
      method: 'POST',
      url: '/v23.0/999/messages',
      headers: { ...AUTH, 'content-type': 'application/json' },
      payload: '{"broken":',
    });
    expect(unknownNumber.json().error.error_subcode).toBe(33);
  });

  test('DELETE with Content-Type: application/json and an empty body is no body (great-detail’s media.delete)', async () => {
    await userSays(app, 'wamid.m1', USER, {
      type: 'image',
      text: undefined,
      media: { id: 'user-media-1', mime_type: 'image/jpeg', file_size: 10 },
    });
    const res = await app.inject({
      method: 'DELETE',
      url: '/v23.0/user-media-1',
      headers: { ...AUTH, 'content-type': 'application/json', 'content-length': '0' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ success: true });
  });
});

describe('the send answer written by a template', () => {
  test('is exactly JSON.stringify of the answer, for any input text', () => {
    for (const input of ['+16505551234', '16505551234', '+1 (650) 555-1234', 'weird "quoted" \\ \u2028 👋']) {
      for (const messageStatus of [undefined, 'accepted' as const]) {
        const response = {
          messaging_product: 'whatsapp' as const,
          contacts: [{ input, wa_id: '16505551234' }] as const,
          messages: [
            messageStatus === undefined
              ? { id: 'wamid.HBgL00000001' }
              : { id: 'wamid.HBgL00000001', message_status: messageStatus },
          ] as const,
        };
        expect(sendResponseJson(response)).toBe(JSON.stringify(response));
      }
    }
  });
});
