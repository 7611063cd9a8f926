import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { AUTH, build, graphError, PHONE } from './mock-harness.js';

const WABA = '102290129340398';
let app: FastifyInstance;
beforeAll(() => {
  app = build({
    extraPhoneNumberIds: ['106540352242923'],
    webhooks: { url: 'http://bot.test/hook', enabled: false },
  });
});
beforeEach(async () => {
  await app.inject({ method: 'POST', url: '/_sim/reset' });
});
afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.inject({ method: 'GET', url, headers: AUTH });

describe('Graph nodes clients call, in Meta’s shapes', () => {
  test('GET /{phone-number-id} is the phone number (no longer a media lookup)', async () => {
    const res = await get(`/v23.0/${PHONE}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      verified_name: 'Example Travel',
      code_verification_status: 'VERIFIED',
      display_phone_number: '+1 555-078-3881',
      quality_rating: 'GREEN',
      platform_type: 'CLOUD_API',
      throughput: { level: 'STANDARD' },
      webhook_configuration: { application: 'http://bot.test/hook' },
      id: PHONE,
    });
  });

  test('?fields= selects fields (nested selections too); a field the node lacks is (#100)', async () => {
    const res = await get(`/v23.0/${PHONE}?fields=throughput{level},quality_rating`);
    expect(res.json()).toEqual({ throughput: { level: 'STANDARD' }, quality_rating: 'GREEN', id: PHONE });
    const bad = await get(`/v23.0/${PHONE}?fields=favourite_colour`);
    expect(graphError(bad.body)).toMatchObject({
      code: 100,
      details:
        'Tried accessing nonexisting field (favourite_colour) on node type (WhatsAppBusinessPhoneNumber)',
    });
  });

  test('GET /{waba-id}/phone_numbers lists every number the mock serves, with paging', async () => {
    const res = await get(`/v23.0/${WABA}/phone_numbers`);
    expect(res.json()).toMatchObject({
      data: [
        { id: PHONE, display_phone_number: '+1 555-078-3881', verified_name: 'Example Travel' },
        { id: '106540352242923' },
      ],
      paging: { cursors: { before: expect.any(String), after: expect.any(String) } },
    });
    expect(graphError((await get('/v23.0/999/phone_numbers')).body).code).toBe(100);
  });

  test('GET /{waba-id} is the business account', async () => {
    expect((await get(`/v23.0/${WABA}?fields=name`)).json()).toEqual({ name: 'Example Travel', id: WABA });
  });

  test('business profile: GET in its data[] envelope, POST changes it within Meta’s limits', async () => {
    const profile = await get(`/v23.0/${PHONE}/whatsapp_business_profile`);
    expect(profile.json()).toEqual({
      data: [
        {
          about: expect.any(String),
          address: expect.any(String),
          description: expect.any(String),
          email: 'help@example.com',
          profile_picture_url: '',
          websites: ['https://www.example.com/'],
          vertical: 'TRAVEL',
          messaging_product: 'whatsapp',
        },
      ],
    });
    const update = await app.inject({
      method: 'POST',
      url: `/v23.0/${PHONE}/whatsapp_business_profile`,
      headers: AUTH,
      payload: { messaging_product: 'whatsapp', about: 'Back at 9', vertical: 'HOTEL' },
    });
    expect(update.json()).toEqual({ success: true });
    const after = await get(`/v23.0/${PHONE}/whatsapp_business_profile?fields=about,vertical`);
    expect(after.json()).toEqual({
      data: [{ about: 'Back at 9', vertical: 'HOTEL', messaging_product: 'whatsapp' }],
    });
    for (const bad of [
      { about: 'x'.repeat(140) },
      { vertical: 'SPACESHIPS' },
      { websites: ['a', 'b', 'c'] },
      { email: 'nope' },
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: `/v23.0/${PHONE}/whatsapp_business_profile`,
        headers: AUTH,
        payload: { messaging_product: 'whatsapp', ...bad },
      });
      expect(graphError(res.body).code).toBe(100);
    }
  });
});
