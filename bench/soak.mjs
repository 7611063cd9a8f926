#!/usr/bin/env node
// Soak (issue 9): a long live run of the steady-state scenario (flat day, embedded mock, zero
// modelled service time, ~180 ops/s), sampling the run process's memory every few seconds — RSS
// (the whole process: coordinator, workers, embedded mock thread) and the main thread's V8 heap —
// then printing the samples, their range, and least-squares slopes after the warm-up. A leak
// shows as a slope that stays positive over the run; GC shows as a sawtooth around a flat line.
// Usage: node bench/soak.mjs [--duration 10m] [--every 5] [--scenario scenarios/steady-state.yaml]
// npm run build first.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10m' },
    every: { type: 'string', default: '5' },
    scenario: { type: 'string', default: join(root, 'scenarios/steady-state.yaml') },
  },
});
const everyMs = Number(values.every) * 1000;
const tmp = mkdtempSync(join(os.tmpdir(), 'chatload-soak-'));
const samplesFile = join(tmp, 'memory.ndjson');
const probe = join(tmp, 'memory-probe.mjs');
// Loaded into the run's process with --import; only the main thread samples (workers load it too).
writeFileSync(
  probe,
  `import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
if (isMainThread) {
  const started = performance.now();
  const sample = () => {
    const m = process.memoryUsage();
    appendFileSync(${JSON.stringify(samplesFile)}, JSON.stringify({ seconds: (performance.now() - started) / 1000, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal }) + '\\n');
  };
  setInterval(sample, ${everyMs}).unref();
}
`,
);

const out = join(tmp, 'result');
// node gets the live commands' default flags itself, so chatload runs in this one process (no
// relaunch, src/cli/live-relaunch-plan.ts) and the probe samples the process that does the work.
const { DEFAULT_LIVE_NODE_FLAGS } = await import(join(root, 'dist/cli/live-relaunch-plan.js'));
const args = [...DEFAULT_LIVE_NODE_FLAGS, '--import', pathToFileURL(probe).href, join(root, 'dist/cli/bin.js'), 'run', resolve(values.scenario), '--duration', values.duration, '--out', out, '--no-progress'];
console.log(`soak: node ${DEFAULT_LIVE_NODE_FLAGS.join(' ')} ${args.slice(DEFAULT_LIVE_NODE_FLAGS.length + 2).join(' ')} — memory every ${values.every} s; ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; node ${process.version}`);
let failed;
try {
  const { CHATLOAD_LIVE_NODE_FLAGS: _ignored, ...env } = process.env;
  execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], env });
} catch (error) {
  failed = error; // a threshold or interrupt exit still leaves the files; report, then rethrow
}
const samples = readFileSync(samplesFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
const provenance = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
rmSync(tmp, { recursive: true, force: true });

const MB = 1024 * 1024;
/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}
// The first tenth (plan generation, pre-roll, JIT, heap growing to its working size) and the last
// tenth (the load stopping, the result files written) are not the steady state: slopes use the rest.
const spanSeconds = samples.at(-1).seconds;
const steady = samples.filter((s) => s.seconds >= spanSeconds / 10 && s.seconds <= (spanSeconds * 9) / 10);
const perMinute = (field) => slope(steady.map((s) => ({ x: s.seconds / 60, y: s[field] / MB }))).toFixed(2);
const range = (field) => `${(Math.min(...steady.map((s) => s[field])) / MB).toFixed(0)}–${(Math.max(...steady.map((s) => s[field])) / MB).toFixed(0)} MB`;

console.log('\n seconds   rss MB  heap used MB  heap total MB');
const step = Math.max(1, Math.floor(samples.length / 40));
for (const [i, s] of samples.entries()) {
  if (i % step !== 0 && i !== samples.length - 1) continue;
  console.log(`${s.seconds.toFixed(0).padStart(8)} ${(s.rss / MB).toFixed(0).padStart(8)} ${(s.heapUsed / MB).toFixed(0).padStart(13)} ${(s.heapTotal / MB).toFixed(0).padStart(14)}`);
}
const all = summary.series.find((s) => s.key === '*/*');
console.log(
  `\nfrom ${(spanSeconds / 10).toFixed(0)} s to ${((spanSeconds * 9) / 10).toFixed(0)} s (${steady.length} samples): rss ${range('rss')}, slope ${perMinute('rss')} MB/min; ` +
    `main-thread heap used ${range('heapUsed')}, slope ${perMinute('heapUsed')} MB/min`,
);
console.log(
  `run: ${all.count.toLocaleString('en-US')} operations, ${all.ratePerSecond.toFixed(1)} ops/s, ${all.errors} errors, latency p99 ${(all.latencyUs.p99 / 1000).toFixed(2)} ms; peak RSS ${(provenance.peakRssBytes / MB).toFixed(0)} MB`,
);
if (failed) throw failed;
