import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { AUTH, build, clockAt, graphError, PHONE, USER, userSays } from './mock-harness.js';

let app: FastifyInstance;

const MINUTE_US = 60_000_000;
const DAY_US = 24 * 60 * MINUTE_US;

async function upload(type: string | undefined, file: Blob) {
  const form = new FormData();
  form.set('messaging_product', 'whatsapp');
  if (type !== undefined) form.set('type', type);
  form.set('file', file, 'upload.bin');
  const response = new Response(form);
  return app.inject({
    method: 'POST',
    url: `/v23.0/${PHONE}/media`,
    headers: { ...AUTH, 'content-type': response.headers.get('content-type') ?? '' },
    payload: Buffer.from(await response.arrayBuffer()),
  });
}

const bytes = (n: number, type: string) => new Blob([new Uint8Array(n)], { type });

describe('media rules: Meta’s types and sizes', () => {
  beforeAll(() => {
    app = build();
  });
  afterAll(async () => {
    await app.close();
  });
  test.each([
    [
      'a GIF (not a type Meta takes)',
      'image/gif',
      bytes(10, 'image/gif'),
      /Unsupported media type image\/gif/,
    ],
    ['an .exe', 'application/x-msdownload', bytes(10, 'application/x-msdownload'), /Unsupported media type/],
    [
      'a 6 MiB JPEG (images ≤ 5 MB)',
      'image/jpeg',
      bytes(6 * 1024 * 1024, 'image/jpeg'),
      /too big: 6291456 bytes; image files may have at most 5242880/,
    ],
    [
      'a 600 KiB sticker (≤ 500 KB)',
      'image/webp',
      bytes(600 * 1024, 'image/webp'),
      /sticker files may have at most/,
    ],
    [
      'a video declared as an image',
      'image/png',
      bytes(10, 'video/mp4'),
      /the file is video\/mp4 but type says image\/png/i,
    ],
  ])('%s is refused with (#131053)', async (_name, type, file, why) => {
    const res = await upload(type, file);
    expect(res.statusCode).toBe(400);
    const error = graphError(res.body);
    expect(error.code).toBe(131053);
    expect(error.details).toMatch(why);
  });

  test.each([
    ['a voice note with codec parameters', 'audio/ogg; codecs=opus', bytes(100, 'audio/ogg')],
    ['a PDF as octet-stream with its type field', 'application/pdf', bytes(100, 'application/octet-stream')],
    ['a PNG typed only by its file part (whatsapp-api-js)', undefined, bytes(100, 'image/png')],
    ['a 5 MiB JPEG', 'image/jpeg', bytes(5 * 1024 * 1024, 'image/jpeg')],
  ])('%s is accepted', async (_name, type, file) => {
    const res = await upload(type, file);
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('media rules: expiries', () => {
  afterEach(async () => {
    await app.close();
  });

  test('a media URL works for five minutes; a new GET gives a new one', async () => {
    let nowUs = 0;
    app = build({}, { clock: clockAt(() => nowUs) });
    const { id } = (await upload('image/png', bytes(3, 'image/png'))).json();
    const urlOf = async () => {
      const meta = (await app.inject({ method: 'GET', url: `/v23.0/${id}`, headers: AUTH })).json();
      expect(meta.url).toMatch(/\/whatsapp_business\/attachments\/\?mid=\d+&ext=png&hash=/);
      const url = new URL(meta.url);
      return url.pathname + url.search;
    };
    const download = (path: string) => app.inject({ method: 'GET', url: path, headers: AUTH });
    const first = await urlOf();
    nowUs += 5 * MINUTE_US - 1;
    expect((await download(first)).statusCode).toBe(200);
    nowUs += 2;
    expect((await download(first)).statusCode).toBe(404);
    expect((await download(await urlOf())).statusCode).toBe(200);
    // A URL whose hash was not issued here is not a URL at all.
    expect((await download(first.replace(/hash=[^&]+/, 'hash=zzz.0000'))).statusCode).toBe(404);
  });

  test('uploaded media ids live 30 days, ids from webhooks 7 days', async () => {
    let nowUs = 0;
    app = build({}, { clock: clockAt(() => nowUs) });
    const { id } = (await upload('image/jpeg', bytes(3, 'image/jpeg'))).json();
    await userSays(app, 'wamid.m1', USER, {
      type: 'image',
      text: undefined,
      media: { id: 'user-photo-1', mime_type: 'image/jpeg', file_size: 10 },
    });
    const status = async (mediaId: string) =>
      (await app.inject({ method: 'GET', url: `/v23.0/${mediaId}`, headers: AUTH })).statusCode;
    nowUs += 7 * DAY_US;
    expect([await status(id), await status('user-photo-1')]).toEqual([200, 200]);
    nowUs += MINUTE_US;
    expect([await status(id), await status('user-photo-1')]).toEqual([200, 400]);
    nowUs += 23 * DAY_US;
    expect(await status(id)).toBe(400);
  });
});
