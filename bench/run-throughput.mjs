#!/usr/bin/env node
// Load-generator ceiling (issue 2): operations/s reached by `chatload run` with 1 and 2 workers
// against one mock at zero modelled service time, next to autocannon against the same mock's
// send path, and the generator's lateness p99 at half the 1-worker rate.
// The mock runs alone on core 0 (taskset); autocannon and the 1-worker run get core 1; a
// 2-worker run has no free core left on a 2-core machine, so it is given both (shared with the mock).
// Usage: node bench/run-throughput.mjs [seconds=10]      (npm run build first)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist', 'cli', 'bin.js');
const seconds = Number(process.argv[2] ?? 10);
const tmp = mkdtempSync(join(os.tmpdir(), 'chatload-bench-'));
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();
const pinned = (cores, command, args) => (hasTaskset ? ['taskset', ['-c', cores, command, ...args]] : [command, args]);

function startMock() {
  const [command, args] = pinned('0', process.execPath, [bin, 'serve', '--port', '0', '--config', join(root, 'bench/scenarios/unlimited-mock.yaml')]);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve({ url: match[1], stop: () => child.kill('SIGINT') });
    });
    child.on('exit', (code) => reject(new Error(`mock exited early (${code}): ${out}`)));
  });
}

function autocannon(url) {
  const body = JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '1555000000001', type: 'text', text: { preview_url: false, body: 'x'.repeat(160) } });
  const [command, args] = pinned('1', process.execPath, [
    join(root, 'node_modules/autocannon/autocannon.js'),
    '-c', '64', '-d', String(seconds), '-m', 'POST', '--json',
    '-H', 'content-type=application/json', '-H', 'authorization=Bearer chatload-local-token',
    '-b', body, `${url}/v23.0/106540352242922/messages`,
  ]);
  const json = JSON.parse(execFileSync(command, args, { maxBuffer: 64 * 1024 * 1024 }).toString());
  return { rps: json.requests.average, p99Ms: json.latency.p99, errors: json.errors + json.non2xx };
}

function chatloadRun(url, users, workers, tag) {
  const out = join(tmp, tag);
  const cores = workers === 1 ? '1' : '0,1';
  const [command, args] = pinned(cores, process.execPath, [
    bin, 'run', join(root, 'bench/scenarios/ceiling.yaml'), '--target', url, '--users', String(users),
    '--workers', String(workers), '--duration', `${seconds}s`, '--out', out, '--no-progress',
  ]);
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const total = summary.series.find((s) => s.key === '*/*');
  return {
    users,
    offered: total.sent / summary.plannedDurationSeconds,
    rate: total.count / summary.elapsedSeconds,
    latenessP99Ms: total.latenessUs.p99 / 1000,
    latencyP99Ms: total.latencyUs.p99 / 1000,
    errors: total.errors,
  };
}

const mock = await startMock();
try {
  console.log(`mock ${mock.url} (pinned to core 0: ${hasTaskset}); ${seconds}s per measurement; ${os.cpus().length} cores, ${os.cpus()[0]?.model}`);
  const ac = autocannon(mock.url);
  console.log(`autocannon send path, 64 connections: ${ac.rps.toFixed(0)} req/s, p99 ${ac.p99Ms} ms, errors ${ac.errors}`);
  // Calibrate users → offered ops/s on a light run, then offer ≈1.5× autocannon's rate.
  const probe = chatloadRun(mock.url, 20_000, 1, 'calibrate');
  const opsPerUser = probe.offered / probe.users;
  const overloadUsers = Math.round((1.5 * ac.rps) / opsPerUser);
  const one = chatloadRun(mock.url, overloadUsers, 1, 'ceiling-1');
  console.log(`chatload run, 1 worker : ${one.rate.toFixed(0)} ops/s completed (offered ${one.offered.toFixed(0)}/s) = ${((100 * one.rate) / ac.rps).toFixed(1)} % of autocannon`);
  const two = chatloadRun(mock.url, overloadUsers, 2, 'ceiling-2');
  console.log(`chatload run, 2 workers: ${two.rate.toFixed(0)} ops/s completed (offered ${two.offered.toFixed(0)}/s) = ${((100 * two.rate) / ac.rps).toFixed(1)} % of autocannon`);
  const halfUsers = Math.round(one.rate / 2 / opsPerUser);
  const half = chatloadRun(mock.url, halfUsers, 1, 'half-rate');
  console.log(
    `at half the 1-worker rate (${half.rate.toFixed(0)} ops/s, 1 worker): generator lateness p99 ${half.latenessP99Ms.toFixed(3)} ms, latency p99 ${half.latencyP99Ms.toFixed(3)} ms, errors ${half.errors}`,
  );
  console.log(`goal: 1 worker ≥ 80 % of autocannon → ${one.rate >= 0.8 * ac.rps ? 'met' : 'NOT met'}; lateness p99 ≤ 1 ms → ${half.latenessP99Ms <= 1 ? 'met' : 'NOT met'}`);
} finally {
  mock.stop();
}
