#!/usr/bin/env node
// What node's own flags do to chatload's floor (issue 9): the same build and plan run with and
// without `--flags`, alternated over rounds (A B, B A, …), each against one warm `chatload serve`
// (core 0; chatload on core 1, as in run-throughput.mjs). Figures cover the steady seconds only (the
// first 3 s and the last second left out), from the run's histograms.hlog; the ratio of each figure is
// the median of the per-round ratios B ÷ A, never the best round.
// Usage: node bench/node-flags.mjs --flags="--min-semi-space-size=16" [--users 135509] [--seconds 10] [--rounds 4]
//   135,509 users of bench/scenarios/ceiling.yaml ≈ 3,550 ops/s, half the 1-worker ceiling here; 6,107 ≈ 160 ops/s.
// npm run build first.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pinnedOn, tasksetAvailable } from './core-pinning.mjs';
import { median } from './median.mjs';
import { steadyHlog } from './steady-hlog.mjs';
import { startServerProcess } from './server-process.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist', 'cli', 'bin.js');
const { values } = parseArgs({
  options: {
    flags: { type: 'string' },
    users: { type: 'string', default: '135509' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '4' },
  },
});
if (!values.flags) {
  console.error('node-flags: give --flags="<node flags for side B>", e.g. --flags="--min-semi-space-size=16"');
  process.exit(2);
}
const flagsB = values.flags.split(/\s+/).filter(Boolean);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const WARMUP_SECONDS = 3;
const tmp = mkdtempSync(join(os.tmpdir(), 'chatload-node-flags-'));
const hasTaskset = tasksetAvailable();
const pinned = (core, args) => pinnedOn(hasTaskset, core, process.execPath, args);

function run(url, flags, tag) {
  const out = join(tmp, tag);
  const [command, args] = pinned('1', [...flags, bin, 'run', join(root, 'bench/scenarios/ceiling.yaml'), '--target', url, '--users', values.users, '--workers', '1', '--duration', `${seconds}s`, '--out', out, '--no-progress']);
  // Both sides in one process with exactly their flags: no relaunch under the live default (src/cli/live-relaunch-plan.ts).
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CHATLOAD_LIVE_NODE_FLAGS: '' } });
  const { merged } = steadyHlog(out, seconds, WARMUP_SECONDS);
  const latency = merged((tag) => tag.endsWith('/latency'));
  const lateness = merged((tag) => tag.endsWith('/lateness'));
  const loop = merged((tag) => tag === 'eventloop:worker-0');
  const total = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).series.find((s) => s.key === '*/*');
  rmSync(out, { recursive: true, force: true });
  return {
    samples: latency.totalCount,
    errors: total.errors,
    p50: latency.getValueAtPercentile(50),
    p99: latency.getValueAtPercentile(99),
    p999: latency.getValueAtPercentile(99.9),
    lateness: lateness.getValueAtPercentile(99),
    loop: loop.getValueAtPercentile(99),
  };
}

const ms = (us) => (us / 1000).toFixed(2);
const FIGURES = [
  ['p50', 'latency p50'],
  ['p99', 'latency p99'],
  ['p999', 'latency p99.9'],
  ['lateness', 'lateness p99'],
  ['loop', 'worker loop delay p99'],
];

const mock = await startServerProcess(...pinned('0', [bin, 'serve', '--port', '0', '--latency', 'off', '--config', join(root, 'bench/scenarios/unlimited-mock.yaml')]), { name: 'mock' });
const sides = { A: [], B: [] };
try {
  console.log(
    `node flags: A = none, B = ${flagsB.join(' ')}; ${values.users} users, ${seconds} s per run, ${rounds} alternated rounds; ` +
      `mock on core 0, chatload on core 1: ${hasTaskset}; ${os.cpus().length} cores; node ${process.version}`,
  );
  run(mock.url, [], 'warm'); // the mock's own JIT and connections, before anything is measured
  for (let round = 1; round <= rounds; round++) {
    for (const side of round % 2 ? ['A', 'B'] : ['B', 'A']) {
      const r = run(mock.url, side === 'A' ? [] : flagsB, `${side}-${round}`);
      sides[side].push(r);
      console.log(
        `round ${round} ${side}: ${r.samples} samples, ${r.errors} errors · latency p50 ${ms(r.p50)} p99 ${ms(r.p99)} p99.9 ${ms(r.p999)} ms · ` +
          `lateness p99 ${ms(r.lateness)} ms · worker loop delay p99 ${ms(r.loop)} ms`,
      );
    }
  }
} finally {
  mock.stop();
}
for (const [key, name] of FIGURES) {
  const ratios = sides.A.map((a, i) => sides.B[i][key] / a[key]);
  console.log(
    `${name.padEnd(22)} A median ${ms(median(sides.A.map((r) => r[key])))} ms · B median ${ms(median(sides.B.map((r) => r[key])))} ms · ` +
      `B ÷ A ×${median(ratios).toFixed(2)} (rounds ${ratios.map((x) => x.toFixed(2)).join(' / ')})`,
  );
}
