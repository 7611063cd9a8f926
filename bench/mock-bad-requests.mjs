#!/usr/bin/env -S node --expose-gc
// Memory of the mock under a stream of bad requests (issue 3: "memory flat over 10⁵ bad
// requests"): 100,000 malformed or rejected requests through fastify inject(), heap measured
// after a forced GC every 10,000. Prints the heap at each checkpoint and the growth per 10⁴
// requests over the second half (after JIT and caches settle).
// Usage: node --expose-gc bench/mock-bad-requests.mjs [total=100000]     (npm run build first)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { buildMockServer } = await import(join(root, 'dist/mock/build-mock-server.js'));
const { resolveMockSettings } = await import(join(root, 'dist/scenario/mock-schema.js'));
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

const total = Number(process.argv[2] ?? 100_000);
const settings = resolveMockSettings({});
const app = buildMockServer(settings);
await app.ready();
const phone = settings.phoneNumberId;
const auth = { authorization: `Bearer ${settings.accessToken}`, 'content-type': 'application/json' };
const long = 'x'.repeat(5000);
const BAD = [
  { method: 'POST', url: `/v23.0/${phone}/messages`, headers: auth, payload: '{"messaging_product":"whatsapp",' }, // malformed JSON
  { method: 'POST', url: `/v23.0/${phone}/messages`, headers: auth, payload: { messaging_product: 'whatsapp', to: '1555', type: 'text', text: { body: long } } }, // > 4,096
  { method: 'POST', url: `/v23.0/${phone}/messages`, headers: { 'content-type': 'application/json' }, payload: { messaging_product: 'whatsapp' } }, // no token
  { method: 'POST', url: `/v23.0/999/messages`, headers: auth, payload: { messaging_product: 'whatsapp', to: '1555', type: 'text', text: { body: 'hi' } } }, // unknown number
  { method: 'POST', url: `/v23.0/${phone}/messages`, headers: auth, payload: { messaging_product: 'sms', to: '1555', type: 'text', text: { body: 'hi' } } },
  {
    method: 'POST',
    url: `/v23.0/${phone}/messages`,
    headers: auth,
    payload: { messaging_product: 'whatsapp', to: '1555', type: 'interactive', interactive: { type: 'button', body: { text: 'b' }, action: { buttons: [1, 2, 3, 4].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: `B${i}` } })) } } },
  },
  { method: 'POST', url: `/v23.0/${phone}/messages`, headers: auth, payload: { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.unknown' } },
  { method: 'POST', url: '/_sim/messages', headers: auth, payload: { phone_number_id: phone, from: 'abc', id: 'nope', type: 'text' } },
  { method: 'GET', url: '/v23.0/123456/nothing/here', headers: auth },
];

const heapMiB = () => {
  globalThis.gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const statuses = new Map();
const checkpoints = [[0, heapMiB()]];
for (let i = 1; i <= total; i++) {
  const response = await app.inject(BAD[i % BAD.length]);
  statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
  if (i % 10_000 === 0) checkpoints.push([i, heapMiB()]);
}
await app.close();
for (const [n, mib] of checkpoints) console.log(`${String(n).padStart(7)} bad requests: heap ${mib.toFixed(2)} MiB`);
const half = checkpoints.filter(([n]) => n >= total / 2);
const slope = (half.at(-1)[1] - half[0][1]) / ((half.at(-1)[0] - half[0][0]) / 10_000);
console.log(`answers by HTTP status: ${[...statuses].map(([s, c]) => `${s}×${c}`).join(', ')}`);
console.log(`growth over the second half: ${slope.toFixed(3)} MiB per 10,000 requests`);
