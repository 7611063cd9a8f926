#!/usr/bin/env node
// Ceiling of the mock's `send` path (full validation, latency off) against a bare node:http server
// answering the same body: same tool (autocannon), each server alone on one core (taskset),
// autocannon on the other. Rounds are paired (bare and mock back to back, their order alternating)
// and the result is the median of the per-round ratios, so drift in machine load hits both sides of
// a pair alike; each server's CPU time per request is printed too (less sensitive to a loaded machine).
// Usage: node bench/mock-ceiling.mjs [seconds=10] [connections=64] [rounds=5]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { median } from './median.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const outDir = join(root, 'node_modules', '.cache', 'chatload-bench');
const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 64);
const rounds = Number(process.argv[4] ?? 5);
const TARGET_RATIO = 0.8;
const PHONE = '106540352242922';
const TOKEN = 'chatload-local-token';
const USER = '16505551234';
const BODY = JSON.stringify({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to: `+${USER}`,
  type: 'text',
  text: { preview_url: false, body: 'Thanks for your message! Your order #1234 has shipped and should arrive on Tuesday.' },
});

function build() {
  // Emits JS even when files outside the mock have type errors (tsc emits unless noEmitOnError).
  spawnSync('npx', ['tsc', '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], { cwd: root, stdio: 'ignore' });
  const entry = join(outDir, 'mock', 'build-mock-server.js');
  if (!existsSync(entry)) throw new Error(`build failed: ${entry} missing`);
}

// Each server prints its URL, then its process CPU time (µs) whenever a line arrives on stdin.
const reportCpu = `
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', () => { const u = process.cpuUsage(); console.log(JSON.stringify({ cpuUs: u.user + u.system })); });`;
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
    ${reportCpu}
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
    ${reportCpu}
    server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));`,
};

function startServer(kind) {
  const child = spawn('taskset', ['-c', '0', process.execPath, '--input-type=module', '-e', serverCode[kind]], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = [];
  const waiting = [];
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (waiting.length > 0) waiting.shift()(line);
      else lines.push(line);
      newline = buffered.indexOf('\n');
    }
  });
  const nextLine = () => new Promise((resolve) => (lines.length > 0 ? resolve(lines.shift()) : waiting.push(resolve)));
  const cpuUs = async () => {
    child.stdin.write('cpu\n');
    return JSON.parse(await nextLine()).cpuUs;
  };
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    void nextLine().then((url) => resolve({ url, child, cpuUs }));
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
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    p99Ms: result.latency.p99,
  };
}

async function run(kind) {
  const { url, child, cpuUs } = await startServer(kind);
  try {
    await measure(url, 2); // warm-up: JIT, connections
    const cpuBefore = await cpuUs();
    const result = await measure(url, seconds);
    const cpuAfter = await cpuUs();
    return { ...result, cpuUsPerRequest: (cpuAfter - cpuBefore) / Math.max(1, result.requests) };
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
const pairs = [];
for (let round = 0; round < rounds; round++) {
  // Alternate which side goes first, so a trend in machine load does not favour one side.
  const order = round % 2 === 0 ? ['bare', 'mock'] : ['mock', 'bare'];
  const pair = {};
  for (const kind of order) pair[kind] = await run(kind);
  pair.ratio = pair.mock.rps / pair.bare.rps;
  pairs.push(pair);
  const fmt = (r) => `${Math.round(r.rps)} req/s, ${r.cpuUsPerRequest.toFixed(1)} µs CPU/req, p99 ${r.p99Ms} ms, non-2xx ${r.non2xx}, errors ${r.errors}`;
  console.log(`round ${round + 1}/${rounds}: bare ${fmt(pair.bare)} | mock ${fmt(pair.mock)} | ratio ${(pair.ratio * 100).toFixed(1)} %`);
}
const ratio = median(pairs.map((p) => p.ratio));
const cpuRatio = median(pairs.map((p) => p.bare.cpuUsPerRequest / p.mock.cpuUsPerRequest));
console.log(
  `median of ${rounds} paired ratios mock/bare: ${(ratio * 100).toFixed(1)} % (target ≥ ${TARGET_RATIO * 100} %); ` +
    `range ${(Math.min(...pairs.map((p) => p.ratio)) * 100).toFixed(1)}–${(Math.max(...pairs.map((p) => p.ratio)) * 100).toFixed(1)} %`,
);
console.log(`median CPU per request, bare/mock: ${(cpuRatio * 100).toFixed(1)} % (the mock's CPU cost relative to bare node:http)`);
console.log(`${seconds} s per measurement, ${connections} connections; figures from a shared machine are indicative`);
