import { Value } from '@sinclair/typebox/value';
import { PlatformStatsSchema } from '../../src/platform/platform-stats-schema.js';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import { AUTH, build, graphError, PHONE, USER, userSays } from './mock-harness.js';

let app: FastifyInstance;
afterEach(async () => {
  await app?.close();
});

async function multipart(form: FormData): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const response = new Response(form);
  return {
    payload: Buffer.from(await response.arrayBuffer()),
    headers: { 'content-type': response.headers.get('content-type') ?? '' },
  };
}

async function upload(app: FastifyInstance, fields: Record<string, string>, file?: Blob, query = '') {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', file, 'photo.jpg');
  const { payload, headers } = await multipart(form);
  return app.inject({
    method: 'POST',
    url: `/v23.0/${PHONE}/media${query}`,
    headers: { ...AUTH, ...headers },
    payload,
  });
}

describe('media routes', () => {
  test('upload → get → download (with token) → delete', async () => {
    app = build();
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    const up = await upload(
      app,
      { messaging_product: 'whatsapp', type: 'image/jpeg' },
      new Blob([bytes], { type: 'image/jpeg' }),
    );
    expect(up.statusCode, up.body).toBe(200);
    const { id } = up.json();
    expect(id).toMatch(/^\d+$/);
    const meta = await app.inject({ method: 'GET', url: `/v23.0/${id}`, headers: AUTH });
    expect(meta.json()).toEqual({
      messaging_product: 'whatsapp',
      url: expect.stringContaining('/whatsapp_business/attachments/?mid='),
      mime_type: 'image/jpeg',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      file_size: '5',
      id,
    });
    const path = new URL(meta.json().url).pathname + new URL(meta.json().url).search;
    const download = await app.inject({ method: 'GET', url: path, headers: AUTH });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/jpeg');
    expect([...download.rawPayload]).toEqual([1, 2, 3, 4, 5]);
    expect((await app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/v23.0/${id}`, headers: AUTH })).json()).toEqual({
      success: true,
    });
    expect(
      graphError((await app.inject({ method: 'GET', url: `/v23.0/${id}`, headers: AUTH })).body).code,
    ).toBe(100);
  });

  test('messaging_product may come as a query parameter (whatsapp-api-js); missing file or product is (#100)', async () => {
    app = build();
    const blob = new Blob(['x'], { type: 'text/plain' });
    expect((await upload(app, { type: 'text/plain' }, blob, '?messaging_product=whatsapp')).statusCode).toBe(
      200,
    );
    expect(graphError((await upload(app, { type: 'text/plain' }, blob)).body).code).toBe(100);
    expect(graphError((await upload(app, { messaging_product: 'whatsapp' })).body).code).toBe(100);
    const notForm = await app.inject({
      method: 'POST',
      url: `/v23.0/${PHONE}/media`,
      headers: AUTH,
      payload: { a: 1 },
    });
    expect(graphError(notForm.body).code).toBe(100);
    expect((await app.inject({ method: 'GET', url: '/v23.0/1', headers: {} })).statusCode).toBe(401);
  });

  test('user media registered by /_sim/messages is downloadable at its size, streamed', async () => {
    app = build();
    const size = 3 * 1024 * 1024 + 7;
    const res = await userSays(app, 'wamid.m1', USER, {
      type: 'document',
      text: undefined,
      media: { id: 'media-abc', mime_type: 'application/pdf', file_size: size },
    });
    expect(res.json()).toEqual({ messages: [{ id: 'wamid.m1' }], media_id: 'media-abc' });
    const meta = (
      await app.inject({ method: 'GET', url: `/v24.0/media-abc?phone_number_id=${PHONE}`, headers: AUTH })
    ).json();
    expect(meta.file_size).toBe(String(size));
    const url = new URL(meta.url);
    const download = await app.inject({ method: 'GET', url: url.pathname + url.search, headers: AUTH });
    expect(download.rawPayload.byteLength).toBe(size);
    expect(
      graphError(
        (await app.inject({ method: 'GET', url: '/v24.0/media-abc?phone_number_id=1', headers: AUTH })).body,
      ).code,
    ).toBe(100);
  });
});

describe('/_sim/ contract and admin', () => {
  test('POST /_sim/messages: validates, errors in the Graph envelope', async () => {
    app = build();
    expect((await userSays(app)).json()).toEqual({ messages: [{ id: 'wamid.in1' }] });
    expect(graphError((await userSays(app, 'not-a-wamid')).body).code).toBe(100);
    expect(graphError((await userSays(app, 'wamid.x', 'abc')).body).code).toBe(100);
    const unknownNumber = await app.inject({
      method: 'POST',
      url: '/_sim/messages',
      payload: { phone_number_id: '1', from: USER, id: 'wamid.z', type: 'text', text: { body: 'x' } },
    });
    expect(unknownNumber.json().error.error_subcode).toBe(33);
    expect(
      graphError((await userSays(app, 'wamid.y', USER, { type: 'image', text: undefined })).body).code,
    ).toBe(100);
  });

  test('health, stats, config (masked), reset', async () => {
    app = build({
      accessToken: 'secret-token',
      webhooks: { url: 'http://127.0.0.1:1/hook', enabled: false },
    });
    expect((await app.inject({ method: 'GET', url: '/_sim/health' })).json()).toMatchObject({
      ok: true,
      phoneNumberId: PHONE,
    });
    await userSays(app);
    const stats = (await app.inject({ method: 'GET', url: '/_sim/stats' })).json();
    expect(stats).toMatchObject({
      clusters: 1,
      requests: { inbound: 1 },
      capacity: { slots: 64, served: 1, inService: 0, queueDepth: 0 },
      webhooks: { posts: 0 },
      state: { trackedUsers: 1, trackedMessages: 1 },
    });
    expect(Value.Check(PlatformStatsSchema, stats)).toBe(true);
    const config = (await app.inject({ method: 'GET', url: '/_sim/config' })).json();
    expect(config).toMatchObject({
      accessToken: '***',
      appSecret: '***',
      verifyToken: '***',
      throughputPerSecond: 80,
    });
    expect(JSON.stringify(config)).not.toContain('secret-token');
    expect((await app.inject({ method: 'POST', url: '/_sim/reset' })).json()).toEqual({ ok: true });
    const after = (await app.inject({ method: 'GET', url: '/_sim/stats' })).json();
    expect(after.requests).toEqual({});
    expect(after.state.trackedUsers).toBe(0);
  });

  test('GET /_sim/webhook answers the verification handshake', async () => {
    app = build({ verifyToken: 'vt' });
    const ok = await app.inject({
      method: 'GET',
      url: '/_sim/webhook?hub.mode=subscribe&hub.verify_token=vt&hub.challenge=1158201444',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/_sim/webhook?hub.mode=subscribe&hub.verify_token=no&hub.challenge=1',
        })
      ).statusCode,
    ).toBe(403);
  });
});
