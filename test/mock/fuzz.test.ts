import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { AUTH, build, PHONE, TOKEN, USER, userSays } from './mock-harness.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = build({ enforceThroughput: false, pairRate: { enabled: false } });
  await userSays(app);
});
afterAll(async () => {
  await app.close();
});

// A handler that forgets to await (or to catch) shows up here, not as a status code.
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => void rejections.push(reason);
beforeAll(() => void process.on('unhandledRejection', onRejection));
afterAll(() => void process.off('unhandledRejection', onRejection));
afterEach(() => {
  expect(rejections).toEqual([]);
});

const ENVELOPE_KEYS = ['message', 'type', 'code', 'error_data', 'fbtrace_id'];

function expectGraphAnswer(status: number, body: string): void {
  const parsed = JSON.parse(body);
  if (status === 200) {
    expect(
      parsed.messaging_product === 'whatsapp' || parsed.success === true || Array.isArray(parsed.messages),
    ).toBe(true);
    return;
  }
  expect(status).toBeGreaterThanOrEqual(400);
  expect(Object.keys(parsed.error)).toEqual(expect.arrayContaining(ENVELOPE_KEYS));
  expect(parsed.error.message).toMatch(/^\(#\d+\) /);
}

// Near-valid bodies: real field names with arbitrary values, so the fuzz reaches the rules, not only the parser.
const nearValid = fc.record(
  {
    messaging_product: fc.oneof(fc.constant('whatsapp'), fc.anything()),
    to: fc.oneof(fc.constant(`+${USER}`), fc.string(), fc.anything()),
    type: fc.oneof(
      fc.constantFrom('text', 'image', 'interactive', 'template', 'reaction', 'nope'),
      fc.anything(),
    ),
    text: fc.oneof(fc.record({ body: fc.string({ maxLength: 5000 }) }), fc.anything()),
    image: fc.anything(),
    interactive: fc.anything(),
    template: fc.anything(),
    status: fc.oneof(fc.constant('read'), fc.anything()),
    message_id: fc.anything(),
  },
  { requiredKeys: [] },
);

describe('fuzzed bodies never crash the mock', () => {
  test('arbitrary JSON and near-valid send bodies get a 200 or a Graph error envelope', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), nearValid), async (body) => {
        const res = await app.inject({
          method: 'POST',
          url: `/v23.0/${PHONE}/messages`,
          headers: { ...AUTH, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        expectGraphAnswer(res.statusCode, res.body);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  test('arbitrary bytes to every JSON route answer in the envelope', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.constantFrom(`/v23.0/${PHONE}/messages`, '/_sim/messages'),
        async (raw, url) => {
          const res = await app.inject({
            method: 'POST',
            url,
            headers: { ...AUTH, 'content-type': 'application/json' },
            payload: raw,
          });
          expectGraphAnswer(res.statusCode, res.body);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});

// Printable ASCII without CR/LF: what an HTTP client can put in a header value at all.
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
const segment = fc.oneof(
  fc.constantFrom('v23.0', 'v17.0', 'v99.9', PHONE, '0', 'messages', 'media', '_sim', 'health', 'stats', 'webhook', 'reset', 'config', '..', '.', '%2e%2e', '%00', '%ZZ', '', 'whatsapp_business', 'attachments'),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
const path = fc.oneof(
  fc.array(segment, { minLength: 0, maxLength: 5 }).map((parts) => `/${parts.join('/')}`),
  fc.tuple(fc.array(segment, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 8 }), { maxKeys: 3 })).map(
    ([parts, query]) => `/${parts.join('/')}?${new URLSearchParams(query).toString()}`,
  ),
);
const headers = fc.record(
  {
    authorization: fc.oneof(fc.constant(`Bearer ${TOKEN}`), fc.constant('Bearer'), headerText.map((t) => `Bearer ${t}`), headerText),
    'content-type': fc.oneof(
      fc.constantFrom('application/json', 'application/json; charset=utf-8', 'multipart/form-data', 'multipart/form-data; boundary=x', 'text/plain', 'application/x-www-form-urlencoded', ''),
      headerText,
    ),
    accept: headerText,
    'x-hub-signature-256': headerText,
    'x-forwarded-for': headerText,
    'x-chatload-fuzz': headerText,
  },
  { requiredKeys: [] },
);

describe('fuzzed paths, methods and headers never make the mock answer 500', () => {
  test('any method, path, header set and body: a Graph envelope or a 200, never a 500 nor an unhandled rejection', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS'),
        path,
        headers,
        fc.oneof(fc.constant(undefined), fc.string({ maxLength: 100 }), fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v))),
        async (method, url, given, body) => {
          const res = await app.inject({ method, url, headers: given, ...(body === undefined || method === 'GET' || method === 'HEAD' ? {} : { payload: body }) });
          expect(res.statusCode).not.toBe(500);
          expect(res.statusCode).toBeLessThan(600);
          // Known gap (below): fastify's router answers a malformed %-escape in its own shape.
          const badUrl = res.statusCode === 400 && res.body.includes('"FST_ERR_BAD_URL"');
          if (method !== 'HEAD' && res.statusCode >= 400 && res.statusCode !== 503 && !badUrl) expectGraphAnswer(res.statusCode, res.body);
        },
      ),
      { numRuns: 400, seed: 11 },
    );
  });
});

describe('known gap, left to the mock (src/mock/build-mock-server.ts is not this change\'s to edit)', () => {
  // fastify rejects a path with a malformed %-escape in its router, before the mock's error
  // handler, so the answer is fastify's { code: "FST_ERR_BAD_URL" }, not the Graph envelope.
  // Fix: fastify's `frameworkErrors` option answering through sendGraphError. This test then fails: make it a plain test.
  test.fails('a malformed %-escape in the path is answered in the Graph envelope', async () => {
    const res = await app.inject({ method: 'GET', url: '/v23.0/%ZZ' });
    expectGraphAnswer(res.statusCode, res.body);
  });
});
