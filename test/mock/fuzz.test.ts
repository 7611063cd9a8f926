import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AUTH, build, PHONE, USER, userSays } from './mock-harness.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = build({ enforceThroughput: false, pairRate: { enabled: false } });
  await userSays(app);
});
afterAll(async () => {
  await app.close();
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
