#!/usr/bin/env node
// The minimal open loop of bench/measurement-floor.mjs: Poisson arrivals at a fixed rate, each
// request sent by one setTimeout at its intended time over one undici Pool (dispatch API), latency
// recorded from the intended time (coordinated-omission correct) and the send lag (request handed to
// a socket − intended time) beside it, both in chatload's HDR settings. The requests are chatload's
// own plan (bench/scenarios/ceiling.yaml, --users) in plan order, so the server does the same work.
// Like chatload's workers, it opens its connections before the first arrival (one GET of
// /_sim/health per connection, at once), so neither side pays handshakes in its samples.
// Prints one JSON line. Usage: node bench/floor-minimal-client.mjs <url> <rate/s> <samples> <users> [connections=64] [seed=1]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { createHistogram, recordUs } = await import(join(root, 'dist/metrics/hdr-settings.js'));
const { monotonicNowUs } = await import(join(root, 'dist/units.js'));
const [url, rateText, samplesText, usersText, connectionsText = '64', seedText = '1'] = process.argv.slice(2);
const rate = Number(rateText);
const samples = Number(samplesText);
const connections = Number(connectionsText);

async function planRequests(count, users) {
  const { loadScenarioFile } = await import(join(root, 'dist/scenario/load-scenario.js'));
  const { createOperationSource } = await import(join(root, 'dist/traffic/plan.js'));
  const { buildRequest } = await import(join(root, 'dist/load/request-builder.js'));
  // Long enough a plan for `count` requests at `rate` (the scenario's own 10 s would run out).
  const duration = `${Math.ceil((count / rate) * 1.2) + 5}s`;
  const scenario = loadScenarioFile(join(root, 'bench/scenarios/ceiling.yaml'), { users, duration });
  const source = createOperationSource(scenario, Array.from({ length: 64 }, (_, c) => c));
  const target = { baseUrl: url, graphVersion: 'v23.0', phoneNumberId: scenario.mock.phoneNumberId, accessToken: scenario.mock.accessToken };
  const headers = { authorization: `Bearer ${target.accessToken}`, 'content-type': 'application/json' };
  const out = [];
  for (let op = source.next(); op && out.length < count; op = source.next()) {
    const request = buildRequest(op, target);
    if (request.followUrlFromJson) continue; // the ceiling plan has no media
    out.push({ method: request.method, path: request.path, headers, body: request.body ?? null });
  }
  return out;
}

// A small seeded generator for the exponential gaps (mulberry32): the same arrivals every round.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const requests = await planRequests(samples, Number(usersText));
const pool = new Pool(new URL(url).origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
const latency = createHistogram();
const sendLag = createHistogram();
let errors = 0;
let completed = 0;
let sent = 0;
const uniform = random(Number(seedText));
await Promise.all(
  Array.from({ length: connections }, () =>
    pool.request({ method: 'GET', path: '/_sim/health' }).then((r) => r.body.dump(), () => {}),
  ),
);
const startUs = monotonicNowUs() + 100_000;
let nextUs = startUs;
let finished;
const done = new Promise((resolve) => (finished = resolve));

function send(request, intendedUs) {
  let sentAtUs = 0;
  let status = 0;
  pool.dispatch(request, {
    onRequestStart() {
      if (sentAtUs === 0) sentAtUs = monotonicNowUs();
    },
    onResponseStart(_controller, statusCode) {
      status = statusCode;
    },
    onResponseData() {},
    onResponseEnd() {
      const nowUs = monotonicNowUs();
      recordUs(latency, nowUs - intendedUs);
      recordUs(sendLag, (sentAtUs || nowUs) - intendedUs);
      if (status >= 400) errors += 1;
      if (++completed === requests.length) finished();
    },
    onResponseError() {
      recordUs(latency, monotonicNowUs() - intendedUs);
      errors += 1;
      if (++completed === requests.length) finished();
    },
  });
}

function tick() {
  const nowUs = monotonicNowUs();
  while (sent < requests.length && nextUs <= nowUs) {
    send(requests[sent], nextUs);
    sent += 1;
    nextUs += (-Math.log(1 - uniform()) / rate) * 1_000_000;
  }
  if (sent < requests.length) setTimeout(tick, Math.max(0, (nextUs - monotonicNowUs()) / 1_000));
}
setTimeout(tick, 100);
await done;
const wallSeconds = (monotonicNowUs() - startUs) / 1_000_000;
await pool.close();
const at = (h, p) => h.getValueAtPercentile(p);
console.log(
  JSON.stringify({
    count: latency.totalCount,
    errors,
    ratePerSecond: completed / wallSeconds,
    latencyUs: { p50: at(latency, 50), p99: at(latency, 99), p999: at(latency, 99.9), max: at(latency, 100) },
    sendLagUs: { p50: at(sendLag, 50), p99: at(sendLag, 99), p999: at(sendLag, 99.9) },
  }),
);
