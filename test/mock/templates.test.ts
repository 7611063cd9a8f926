import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { requestBodyOf } from '../../src/platform/planned-calls.js';
import { AUTH, build, graphError, PHONE, send, USER } from './mock-harness.js';

/** One mock for the file (building one costs ~0.3 s), reset before each test. */
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

const WABA = '102290129340398';
const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: USER, type: 'template' };
const template = (name: string, components?: unknown[], code = 'en_US') => ({
  ...base,
  template: { name, language: { code }, ...(components === undefined ? {} : { components }) },
});
const body = (...texts: string[]) => ({
  type: 'body',
  parameters: texts.map((text) => ({ type: 'text', text })),
});
const saleHeader = { type: 'header', parameters: [{ type: 'image', image: { link: 'https://e.x/s.png' } }] };
const saleButton = {
  type: 'button',
  sub_type: 'url',
  index: '0',
  parameters: [{ type: 'text', text: 'spring' }],
};

describe('template sends are checked against the registry (decision 0011)', () => {
  test('the customer-service plan’s booking_change_notice is accepted, with message_status "accepted"', async () => {
    const res = await send(
      app,
      template('booking_change_notice', [body('Flight LH 123 now leaves at 10:40')]),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().messages).toEqual([
      { id: expect.stringMatching(/^wamid\./), message_status: 'accepted' },
    ]);
  });

  test.each([
    [
      'unknown name: (#132001), HTTP 404',
      template('no_such_template', [body('x')]),
      132001,
      /no_such_template\) does not exist in en_US/,
    ],
    [
      'known name in another language: (#132001)',
      template('booking_change_notice', [body('x')], 'pt_BR'),
      132001,
      /does not exist in pt_BR/,
    ],
    [
      'one body parameter too few: (#132000)',
      template('booking_change_notice', []),
      132000,
      /body: number of localizable_params \(0\) does not match the expected number of params \(1\)/,
    ],
    [
      'one body parameter too many: (#132000)',
      template('booking_change_notice', [body('a', 'b')]),
      132000,
      /\(2\) does not match .* \(1\)/,
    ],
    [
      'a body parameter of the wrong kind: (#132012)',
      template('booking_change_notice', [
        { type: 'body', parameters: [{ type: 'image', image: { id: '1' } }] },
      ]),
      132012,
      /body: Format mismatch, expected TEXT, received IMAGE/,
    ],
    [
      'an image header sent as text: (#132012)',
      template('spring_sale', [
        { type: 'header', parameters: [{ type: 'text', text: 'x' }] },
        body('Ann', '20 %'),
        saleButton,
      ]),
      132012,
      /header: Format mismatch, expected IMAGE, received TEXT/,
    ],
    [
      'a URL button without its parameter: (#131008)',
      template('spring_sale', [saleHeader, body('Ann', '20 %')]),
      131008,
      /Button at index 0 of type Url requires a parameter/,
    ],
    [
      'parameters for a template that takes none: (#132000)',
      template('hello_world', [body('x')]),
      132000,
      /\(1\) does not match .* \(0\)/,
    ],
  ])('%s', async (_name, payload, code, details) => {
    const res = await send(app, payload);
    const error = graphError(res.body);
    expect(error.code).toBe(code);
    expect(error.details).toMatch(details);
    if (code === 132001) expect(res.statusCode).toBe(404);
  });

  test('the plans’ template request (planned-calls, any length up to 1,024) is accepted by the default registry', async () => {
    for (const chars of [0, 24, 1024]) {
      const op = {
        atUs: 0,
        kind: 'template',
        shape: 'customer-service',
        userId: 7,
        conversationId: 1,
        seq: 0,
        chars,
      } as const;
      const res = await send(app, JSON.parse(requestBodyOf(op, PHONE) ?? '{}'));
      expect(res.statusCode, res.body).toBe(200);
    }
  });

  test('every default template can be sent as its components say (header, body, buttons, OTP)', async () => {
    const sends = [
      template('hello_world'),
      template('order_update', [body('#1234')]),
      template('spring_sale', [saleHeader, body('Ann', '20 %'), saleButton]),
      template('login_code', [
        body('123456'),
        { type: 'button', sub_type: 'url', index: 0, parameters: [{ type: 'text', text: '123456' }] },
      ]),
    ];
    for (const payload of sends) expect((await send(app, payload)).statusCode).toBe(200);
  });

  test('a paused template is (#132015); with enforceTemplates off any name passes', async () => {
    const paused = build({
      templates: [
        {
          name: 'paused_one',
          language: 'en_US',
          category: 'MARKETING',
          status: 'PAUSED',
          components: [{ type: 'BODY', text: 'Hi' }],
        },
      ],
    });
    const open = build({ enforceTemplates: false });
    try {
      expect(graphError((await send(paused, template('paused_one'))).body).code).toBe(132015);
      expect((await send(open, template('anything_at_all'))).statusCode).toBe(200);
    } finally {
      await Promise.all([paused.close(), open.close()]);
    }
  });
});

describe('GET/POST/DELETE /{waba-id}/message_templates', () => {
  const created = {
    name: 'seat_upgrade_offer',
    language: 'en_US',
    category: 'MARKETING',
    parameter_format: 'NAMED',
    components: [
      {
        type: 'BODY',
        text: 'Hi {{first_name}}, seat {{seat}} is free for you.',
        example: { body_text_named_params: [] },
      },
    ],
  };

  test('lists the registry in Meta’s shape, filtered and paged by cursors', async () => {
    const all = await app.inject({ method: 'GET', url: `/v23.0/${WABA}/message_templates`, headers: AUTH });
    expect(all.statusCode).toBe(200);
    const page = all.json();
    expect(page.data.map((t: { name: string }) => t.name)).toEqual([
      'hello_world',
      'booking_change_notice',
      'order_update',
      'spring_sale',
      'login_code',
    ]);
    expect(page.data[1]).toEqual({
      name: 'booking_change_notice',
      parameter_format: 'POSITIONAL',
      components: [{ type: 'BODY', text: expect.stringContaining('{{1}}') }],
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      id: expect.stringMatching(/^\d+$/),
    });
    expect(page.paging.cursors).toEqual({ before: expect.any(String), after: expect.any(String) });
    const marketing = await app.inject({
      method: 'GET',
      url: `/v23.0/${WABA}/message_templates?category=MARKETING`,
      headers: AUTH,
    });
    expect(marketing.json().data.map((t: { name: string }) => t.name)).toEqual(['spring_sale']);
    const first = await app.inject({
      method: 'GET',
      url: `/v23.0/${WABA}/message_templates?limit=2`,
      headers: AUTH,
    });
    const next = await app.inject({
      method: 'GET',
      url: `/v23.0/${WABA}/message_templates?limit=2&after=${first.json().paging.cursors.after}`,
      headers: AUTH,
    });
    expect(next.json().data.map((t: { name: string }) => t.name)).toEqual(['order_update', 'spring_sale']);
  });

  test('creates a template (approved at once) that can then be sent with its named parameters; deletes it', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/v23.0/${WABA}/message_templates`,
      headers: AUTH,
      payload: created,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      id: expect.stringMatching(/^\d+$/),
      status: 'APPROVED',
      category: 'MARKETING',
    });
    const named = (names: string[]) => ({
      type: 'body',
      parameters: names.map((parameter_name) => ({ type: 'text', parameter_name, text: 'x' })),
    });
    expect(
      (await send(app, template('seat_upgrade_offer', [named(['first_name', 'seat'])]))).statusCode,
    ).toBe(200);
    expect(
      graphError((await send(app, template('seat_upgrade_offer', [named(['first_name', 'row'])]))).body).code,
    ).toBe(132000);
    const again = await app.inject({
      method: 'POST',
      url: `/v23.0/${WABA}/message_templates`,
      headers: AUTH,
      payload: created,
    });
    expect(again.json().error).toMatchObject({ code: 100, error_subcode: 2388024 });
    const byId = await app.inject({ method: 'GET', url: `/v23.0/${res.json().id}`, headers: AUTH });
    expect(byId.json()).toMatchObject({ name: 'seat_upgrade_offer', status: 'APPROVED' });
    const gone = await app.inject({
      method: 'DELETE',
      url: `/v23.0/${WABA}/message_templates?name=seat_upgrade_offer`,
      headers: AUTH,
    });
    expect(gone.json()).toEqual({ success: true });
    expect(
      graphError((await send(app, template('seat_upgrade_offer', [named(['first_name', 'seat'])]))).body)
        .code,
    ).toBe(132001);
  });

  test('a template without components or with a bad name is (#100); another WABA id is unknown', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: `/v23.0/${WABA}/message_templates`,
      headers: AUTH,
      payload: { ...created, name: 'Has Spaces' },
    });
    expect(graphError(bad.body).code).toBe(100);
    const other = await app.inject({ method: 'GET', url: '/v23.0/999/message_templates', headers: AUTH });
    expect(other.json().error.error_subcode).toBe(33);
  });

  test('/_sim/reset brings the configured registry back', async () => {
    await app.inject({
      method: 'POST',
      url: `/v23.0/${WABA}/message_templates`,
      headers: AUTH,
      payload: created,
    });
    await app.inject({ method: 'POST', url: '/_sim/reset' });
    const list = await app.inject({
      method: 'GET',
      url: `/v23.0/${WABA}/message_templates?name=seat`,
      headers: AUTH,
    });
    expect(list.json().data).toEqual([]);
  });
});
