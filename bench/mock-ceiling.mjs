#!/usr/bin/env node
// Ceiling of the mock's `send` path (full validation, zero modelled service time) against a bare
// node:http server answering the same body: same run, same tool (autocannon), each server alone
// on one core (taskset), autocannon on the other. Usage: node bench/mock-ceiling.mjs [seconds=10] [connections=64] [rounds=2]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const outDir = join(root, 'node_modules', '.cache', 'chatload-bench');
const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 64);
const PHONE = '106540352242922';
const TOKEN = 'chatload-local-token';
const USER = '16505551234';
const BODY = JSON.stringify({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to: `+${USER}`,
  type: 'text',
  text: {
    preview_url: false,
    body: 'Thanks for your message! Your order #1234 has shipped and should arrive on Tuesday.',
  },
});

function build() {
  // Emits JS even when files outside the mock have type errors (tsc emits unless noEmitOnError).
  spawnSync('npx', ['tsc', '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], {
    cwd: root,
    stdio: 'ignore',
  });
  const entry = join(outDir, 'mock', 'build-mock-server.js');
  if (!existsSync(entry)) throw new Error(`build failed: ${entry} missing`);
}

const serverCode = {
  mock: `
    const { startMockServer } = await import(${JSON.stringify(join(outDir, 'mock', 'build-mock-server.js'))});
    const { resolveMockSettings } = await import(${JSON.stringify(join(outDir, 'scenario', 'mock-schema.js'))});
    // Limits that would refuse one hammering user are off; validation, auth and the window check stay on.
    const settings = resolveMockSettings({ enforceThroughput: false, pairRate: { enabled: false }, capacity: { latency: 'off' } });
    const { url } = await startMockServer(settings, { port: 0 });
    const r = await fetch(url + '/_sim/messages', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number_id: '${PHONE}', from: '${USER}', id: 'wamid.bench-open', type: 'text', text: { body: 'hi' } }) });
    if (r.status !== 200) throw new Error('could not open the service window: ' + r.status);
    console.log(url);`,
  bare: `
    const http = await import('node:http');
    let n = 0;
    const server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const parsed = JSON.parse(body);
        n += 1;
        const out = JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: parsed.to, wa_id: parsed.to.replace(/\\D/g, '') }], messages: [{ id: 'wamid.HBgL' + n.toString(36).padStart(8, '0') }] });
        res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(out) });
        res.end(out);
      });
    });
    server.keepAliveTimeout = 72000;
    server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));`,
};

function startServer(kind) {
  const child = spawn(
    'taskset',
    ['-c', '0', process.execPath, '--input-type=module', '-e', serverCode[kind]],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve({ url: String(chunk).trim(), child }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

async function measure(url, durationSeconds) {
  const result = await autocannon({
    url: `${url}/v23.0/${PHONE}/messages`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: BODY,
    connections,
    duration: durationSeconds,
  });
  return {
    rps: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors,
    p99Ms: result.latency.p99,
  };
}

async function run(kind) {
  const { url, child } = await startServer(kind);
  try {
    await measure(url, 2); // warm-up: JIT, connections
    return await measure(url, seconds);
  } finally {
    child.kill();
  }
}

build();
try {
  execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
} catch {
  console.warn('taskset unavailable: autocannon is not pinned');
}
// Alternate the two servers so drift in machine load hits both; report the best round of each.
const rounds = Number(process.argv[4] ?? 2);
const results = { bare: [], mock: [] };
for (let round = 0; round < rounds; round++) {
  results.bare.push(await run('bare'));
  results.mock.push(await run('mock'));
}
const best = (list) => list.reduce((a, b) => (b.rps > a.rps ? b : a));
const bare = best(results.bare);
const mock = best(results.mock);
console.log(
  `rounds: bare ${results.bare.map((r) => Math.round(r.rps)).join(', ')}; mock ${results.mock.map((r) => Math.round(r.rps)).join(', ')} req/s`,
);
const fmt = (r) => `${Math.round(r.rps)} req/s (p99 ${r.p99Ms} ms, non-2xx ${r.non2xx}, errors ${r.errors})`;
console.log(`bare node:http : ${fmt(bare)}`);
console.log(`mock send path : ${fmt(mock)}`);
console.log(`ratio mock/bare: ${((mock.rps / bare.rps) * 100).toFixed(1)} %  (target ≥ 60 %)`);
