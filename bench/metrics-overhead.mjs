#!/usr/bin/env node
// What live metrics cost the generator (issue 13): `chatload run` at the 1-worker ceiling with
// and without --metrics-port, scraped every second (as a Prometheus with scrape_interval 1s
// would), in alternating paired rounds; medians of operations/s and lateness p99 over the steady
// seconds (after a 3 s warm-up, as bench/run-throughput.mjs measures them) and of the run
// process's CPU time (user + sys, whole process, from bash's `time`). Goal: within 5 %.
// The mock runs alone on core 0 (taskset), chatload on core 1.
// Usage: node bench/metrics-overhead.mjs [seconds=10] [rounds=5]      (npm run build first)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinnedOn, tasksetAvailable } from './core-pinning.mjs';
import { startServerProcess } from './server-process.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist', 'cli', 'bin.js');
const { readIntervalLog, mergeHistograms } = await import(join(root, 'dist/metrics/interval-log.js'));
const WARMUP_SECONDS = 3;
const seconds = Number(process.argv[2] ?? 10);
const rounds = Number(process.argv[3] ?? 5);
if (!(rounds >= 5)) throw new Error('at least 5 paired rounds');
const tmp = mkdtempSync(join(os.tmpdir(), 'chatload-metrics-bench-'));
const hasTaskset = tasksetAvailable();
const pinned = (cores, command, args) => pinnedOn(hasTaskset, cores, command, args);

function startMock() {
  const [command, args] = pinned('0', process.execPath, [bin, 'serve', '--port', '0', '--config', join(root, 'bench/scenarios/unlimited-mock.yaml')]);
  return startServerProcess(command, args, { name: 'mock' });
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One run; with `metricsPort`, /metrics is scraped every second until the process exits. */
async function chatloadRun(url, users, tag, metricsPort) {
  const out = join(tmp, tag);
  const runArgs = [bin, 'run', join(root, 'bench/scenarios/ceiling.yaml'), '--target', url, '--users', String(users), '--workers', '1', '--duration', `${seconds}s`, '--out', out, '--no-progress'];
  if (metricsPort !== undefined) runArgs.push('--metrics-port', String(metricsPort));
  const [command, args] = pinned('1', process.execPath, runArgs);
  // bash's `time` reports the child's own user and sys CPU (from wait4), in seconds.
  const quoted = [command, ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('bash', ['-c', `TIMEFORMAT='%U %S'; time ${quoted} > /dev/null`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let scrapes = 0;
  const scraper =
    metricsPort === undefined
      ? undefined
      : setInterval(() => {
          fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text().then(() => (scrapes += 1)), () => {});
        }, 1_000);
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (scraper) clearInterval(scraper);
  if (code !== 0) throw new Error(`chatload exited ${code}: ${stderr}`);
  const [user, sys] = stderr.trim().split('\n').at(-1).split(' ').map(Number);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const steady = (start) => start >= WARMUP_SECONDS - 1e-6 && start < summary.plannedDurationSeconds - 1;
  const rows = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  const measured = rows.filter((r) => steady(Number(r[0])));
  const steadySeconds = new Set(measured.map((r) => r[0])).size;
  const logged = readIntervalLog(readFileSync(join(out, 'histograms.hlog'), 'utf8')).filter((i) => steady(i.startSeconds));
  const lateness = mergeHistograms(logged.filter((i) => i.tag.endsWith('/lateness')).map((i) => i.histogram));
  return {
    offered: measured.reduce((n, r) => n + Number(r[4]), 0) / steadySeconds,
    rate: measured.reduce((n, r) => n + Number(r[5]), 0) / steadySeconds,
    latenessP99Ms: lateness.getValueAtPercentile(99) / 1000,
    cpuSeconds: user + sys,
    completed: summary.series.find((s) => s.key === '*/*').count,
    scrapes,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const pct = (a, b) => `${(((a - b) / b) * 100).toFixed(1)} %`;

const mock = await startMock();
try {
  console.log(`mock ${mock.url} (core 0, taskset ${hasTaskset}); chatload 1 worker on core 1; ${seconds}s runs, ${rounds} paired rounds; ${os.cpus().length} cores, ${os.cpus()[0]?.model}`);
  const probe = await chatloadRun(mock.url, 200_000, 'calibrate');
  const opsPerUser = probe.offered / 200_000;
  // The ceiling: the most one worker completed over a ladder of offered rates (far past it, a
  // generator that is behind completes less, so the best step, not the highest offer, is taken).
  let ceiling = 0;
  for (const offered of [1_000, 2_000, 4_000, 8_000]) ceiling = Math.max(ceiling, (await chatloadRun(mock.url, Math.round(offered / opsPerUser), `ceiling-${offered}`)).rate);
  const users = Math.round((1.25 * ceiling) / opsPerUser);
  console.log(`1-worker ceiling ≈ ${ceiling.toFixed(0)} ops/s; each round offers 1.25× that (${users.toLocaleString('en-US')} users)`);
  const pairs = [];
  for (let round = 1; round <= rounds; round++) {
    const withFirst = round % 2 === 0; // alternate the order so drift does not favour one side
    const port = await freePort();
    const runs = {};
    for (const side of withFirst ? ['with', 'without'] : ['without', 'with']) {
      runs[side] = await chatloadRun(mock.url, users, `r${round}-${side}`, side === 'with' ? port : undefined);
    }
    pairs.push(runs);
    const { with: w, without: wo } = runs;
    console.log(
      `round ${round}: without ${wo.rate.toFixed(0)} ops/s, lateness p99 ${wo.latenessP99Ms.toFixed(2)} ms, CPU ${wo.cpuSeconds.toFixed(2)} s · ` +
        `with --metrics-port (${w.scrapes} scrapes) ${w.rate.toFixed(0)} ops/s, lateness p99 ${w.latenessP99Ms.toFixed(2)} ms, CPU ${w.cpuSeconds.toFixed(2)} s`,
    );
  }
  const m = (side, field) => median(pairs.map((p) => p[side][field]));
  const cpuPerKop = (side) => median(pairs.map((p) => (1000 * p[side].cpuSeconds) / p[side].completed));
  console.log(
    `medians: ops/s ${m('without', 'rate').toFixed(0)} → ${m('with', 'rate').toFixed(0)} (${pct(m('with', 'rate'), m('without', 'rate'))}); ` +
      `lateness p99 ${m('without', 'latenessP99Ms').toFixed(2)} → ${m('with', 'latenessP99Ms').toFixed(2)} ms; ` +
      `CPU ${m('without', 'cpuSeconds').toFixed(2)} → ${m('with', 'cpuSeconds').toFixed(2)} s (${pct(m('with', 'cpuSeconds'), m('without', 'cpuSeconds'))}), ` +
      `per 1,000 ops ${cpuPerKop('without').toFixed(3)} → ${cpuPerKop('with').toFixed(3)} s`,
  );
  const ratio = m('with', 'rate') / m('without', 'rate');
  console.log(`goal: ops/s with metrics within 5 % of without → ${ratio >= 0.95 ? 'met' : 'NOT met'} (${(ratio * 100).toFixed(1)} %)`);
} finally {
  mock.stop();
}
