#!/usr/bin/env node
// The measurement floor (issue 9): what chatload adds to latency by itself. At each rate, against the
// same servers in their own processes (pinned to core 0 when taskset exists; clients on core 1):
//   chatload  → serve   `chatload run bench/scenarios/ceiling.yaml --target <serve> --workers 1`
//   minimal   → serve   bench/floor-minimal-client.mjs: a minimal undici open loop (Poisson, one
//                       setTimeout per arrival, latency from the intended time) sending the same plan's requests
//   minimal   → bare    the same client against a bare node:http server (the host's own floor)
//   chatload embedded   with --embedded: the same run with its own embedded mock (its own thread), set
//                       beside chatload → serve (issue 9: quantiles within ×1.2 of a run against serve);
//                       both mocks deliver no webhooks (ceiling.yaml, unlimited-mock.yaml), so they do the same work
// `serve` is `chatload serve --latency off` with bench/scenarios/unlimited-mock.yaml (no limit refuses load).
// Each round runs the three back to back, chatload and minimal in alternating order; each point is the
// median over rounds, and the ratios chatload/minimal are medians of the per-round ratios (drift in the
// machine's load hits both sides of a pair alike). Latency percentiles cover every sample of a run.
// Usage: node bench/measurement-floor.mjs [--rates 160,500,1000] [--rounds 5] [--samples 100000] [--quick] [--no-pin] [--no-bare] [--embedded] [--chatload-node-flags="…"]
//   --chatload-node-flags: node's flags for the chatload runs only, in place of the live commands' default
//     (--single-threaded-gc, src/cli/live-relaunch-plan.ts); --chatload-node-flags= runs them without any
//   --no-bare: skip minimal → bare (the goals compare chatload with minimal → serve; a third less machine time)
//   --quick: 3 rounds of 5,000 samples (p99.9 then rests on 5 tail samples: for trying it, not for figures)
// npm run build first.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pinnedOn, tasksetAvailable } from './core-pinning.mjs';
import { median } from './median.mjs';
import { startServerProcess } from './server-process.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist', 'cli', 'bin.js');
const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '160,500,1000' },
    rounds: { type: 'string' },
    samples: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'no-pin': { type: 'boolean', default: false },
    'no-bare': { type: 'boolean', default: false },
    embedded: { type: 'boolean', default: false },
    'chatload-node-flags': { type: 'string' },
  },
});
const rates = values.rates.split(',').map(Number);
const rounds = Number(values.rounds ?? (values.quick ? 3 : 5));
const samples = Number(values.samples ?? (values.quick ? 5_000 : 100_000));
const SCENARIO = join(root, 'bench/scenarios/ceiling.yaml');
const tmp = mkdtempSync(join(os.tmpdir(), 'chatload-floor-'));
const withBare = !values['no-bare'];
const hasTaskset = !values['no-pin'] && tasksetAvailable();
// chatload relaunches a live run under CHATLOAD_LIVE_NODE_FLAGS (default --single-threaded-gc): set it, not node's argv.
const chatloadFlags = values['chatload-node-flags'];
const chatloadEnv =
  chatloadFlags === undefined ? process.env : { ...process.env, CHATLOAD_LIVE_NODE_FLAGS: chatloadFlags };
const pinned = (core, args) => pinnedOn(hasTaskset, core, process.execPath, args);

function startServer(args) {
  const [command, argv] = pinned('0', args);
  // The servers' own stderr (serve's goodbye on SIGINT) would only interleave with the table.
  return startServerProcess(command, argv, { stderr: 'ignore' });
}

const BARE_SERVER = `
  const http = await import('node:http');
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n += 1;
      const out = JSON.stringify({ messaging_product: 'whatsapp', messages: [{ id: 'wamid.' + n.toString(36) }] });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    });
  });
  server.keepAliveTimeout = 72000;
  server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));`;

/**
 * Users of the ceiling plan that offer `rate` operations/s over a run of `seconds`: its operations from 2 s
 * to the run's end, counted (the first seconds join conversations under way). The plan's rate still
 * rises for minutes after its pre-roll, so sizing from its first 22 s ran a 625 s chatload run ≈11 %
 * above the named rate.
 */
async function usersFor(rate, seconds) {
  const { loadScenarioFile } = await import(join(root, 'dist/scenario/load-scenario.js'));
  const { createOperationSource } = await import(join(root, 'dist/traffic/plan.js'));
  const probeUsers = 20_000;
  const scenario = loadScenarioFile(SCENARIO, { users: probeUsers, duration: `${seconds}s` });
  const source = createOperationSource(
    scenario,
    Array.from({ length: 64 }, (_, c) => c),
  );
  const fromSeconds = seconds > 4 ? 2 : 0; // a run of a few seconds has no steady part to count from
  let count = 0;
  for (let op = source.next(); op; op = source.next()) if (op.atUs >= fromSeconds * 1_000_000) count += 1;
  return Math.round((rate / (count / (seconds - fromSeconds))) * probeUsers);
}

/** A chatload run's length: the seconds that carry `samples` operations at `rate`. */
const runSeconds = (rate) => Math.ceil(samples / rate);

/** chatload against `url`, or with its embedded mock when `url` is null (then on both cores: the mock has its own thread). */
function chatload(url, rate, users, tag) {
  const out = join(tmp, tag);
  const seconds = runSeconds(rate);
  const runArgs = [
    bin,
    'run',
    SCENARIO,
    ...(url === null ? [] : ['--target', url]),
    '--users',
    String(users),
    '--workers',
    '1',
    '--duration',
    `${seconds}s`,
    '--out',
    out,
    '--no-progress',
  ];
  const [command, args] = url === null ? [process.execPath, runArgs] : pinned('1', runArgs);
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: chatloadEnv });
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  rmSync(out, { recursive: true, force: true });
  const total = summary.series.find((s) => s.key === '*/*');
  const floorOf = (thread) => summary.eventLoopDelay?.threads.find((t) => t.thread === thread)?.delayUs.p99;
  return {
    count: total.count,
    errors: total.errors,
    latencyUs: total.latencyUs,
    lagUs: total.latenessUs,
    floor: { worker: floorOf('worker-0'), coordinator: floorOf('coordinator') },
  };
}

function minimal(url, rate, users) {
  const [command, args] = pinned('1', [
    join(root, 'bench/floor-minimal-client.mjs'),
    url,
    String(rate),
    String(samples),
    String(users),
  ]);
  const json = JSON.parse(execFileSync(command, args, { maxBuffer: 16 * 1024 * 1024 }).toString());
  return { count: json.count, errors: json.errors, latencyUs: json.latencyUs, lagUs: json.sendLagUs };
}

const ms = (us) => (us === undefined ? '-' : (us / 1000).toFixed(2));
const row = (cells, widths) => cells.map((c, i) => String(c).padStart(widths[i] ?? 8)).join(' ');
const WIDTHS = [6, 18, 9, 8, 8, 8, 12, 7, 14];
const HEAD = ['rate', 'who', 'samples', 'p50 ms', 'p99 ms', 'p99.9', 'lag p99 ms', 'errors', 'floor p99 w/c'];

function line(rate, who, runs) {
  const pick = (f) => median(runs.map(f));
  const floor = runs[0].floor
    ? `${ms(pick((r) => r.floor.worker))}/${ms(pick((r) => r.floor.coordinator))}`
    : '';
  return row(
    [
      rate,
      who,
      Math.round(pick((r) => r.count)),
      ms(pick((r) => r.latencyUs.p50)),
      ms(pick((r) => r.latencyUs.p99)),
      ms(pick((r) => r.latencyUs.p999)),
      ms(pick((r) => r.lagUs.p99)),
      runs.reduce((n, r) => n + r.errors, 0),
      floor,
    ],
    WIDTHS,
  );
}

const serve = await startServer([
  bin,
  'serve',
  '--port',
  '0',
  '--latency',
  'off',
  '--config',
  join(root, 'bench/scenarios/unlimited-mock.yaml'),
]);
const bare = withBare ? await startServer(['--input-type=module', '-e', BARE_SERVER]) : null;
const table = [];
try {
  console.log(
    `measurement floor: ${rounds} rounds of ${samples.toLocaleString('en-US')} samples per point (p99.9 from ${Math.floor(samples / 1000)} tail samples); ` +
      `servers on core 0, clients on core 1: ${hasTaskset}; ${os.cpus().length} cores, ${os.cpus()[0]?.model}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; node ${process.version}` +
      `; chatload runs under node ${chatloadFlags === undefined ? 'its default live flags (--single-threaded-gc)' : chatloadFlags || 'no flags'}; serve under its default`,
  );
  for (const rate of rates) {
    const users = await usersFor(rate, runSeconds(rate));
    const runs = { chatload: [], minimal: [], bare: [], embedded: [] };
    for (let round = 1; round <= rounds; round++) {
      const pair = round % 2 === 1 ? ['chatload', 'minimal'] : ['minimal', 'chatload'];
      for (const who of pair)
        runs[who].push(
          who === 'chatload'
            ? chatload(serve.url, rate, users, `r${rate}-${round}`)
            : minimal(serve.url, rate, users),
        );
      if (bare) runs.bare.push(minimal(bare.url, rate, users));
      if (values.embedded) runs.embedded.push(chatload(null, rate, users, `e${rate}-${round}`));
      const [c, m, b] = [runs.chatload.at(-1), runs.minimal.at(-1), bare ? runs.bare.at(-1) : null];
      console.log(
        `  ${rate}/s round ${round} (${pair.join(' then ')}): p99 chatload ${ms(c.latencyUs.p99)} · minimal ${ms(m.latencyUs.p99)}${b ? ` · bare ${ms(b.latencyUs.p99)}` : ''} ms; ` +
          `p99.9 ${ms(c.latencyUs.p999)} · ${ms(m.latencyUs.p999)}${b ? ` · ${ms(b.latencyUs.p999)}` : ''} ms; lateness p99 ${ms(c.lagUs.p99)} vs send lag ${ms(m.lagUs.p99)} ms; load ${os.loadavg()[0].toFixed(1)}`,
      );
    }
    const ratio = (f) => median(runs.chatload.map((c, i) => f(c) / f(runs.minimal[i])));
    const diff = (f) => median(runs.chatload.map((c, i) => f(c) - f(runs.minimal[i])));
    const embeddedRatio = (f) => median(runs.embedded.map((e, i) => f(e) / f(runs.chatload[i])));
    table.push({
      rate,
      lines: [
        line(rate, 'chatload → serve', runs.chatload),
        line(rate, 'minimal → serve', runs.minimal),
        ...(bare ? [line(rate, 'minimal → bare', runs.bare)] : []),
        ...(values.embedded ? [line(rate, 'chatload embedded', runs.embedded)] : []),
      ],
      ...(values.embedded
        ? {
            embedded: `${rate}/s chatload embedded ÷ chatload → serve (median of per-round ratios): p50 ×${embeddedRatio((r) => r.latencyUs.p50).toFixed(2)} · p99 ×${embeddedRatio((r) => r.latencyUs.p99).toFixed(2)} · p99.9 ×${embeddedRatio((r) => r.latencyUs.p999).toFixed(2)}`,
          }
        : {}),
      ratios: `${rate}/s chatload ÷ minimal (median of per-round ratios): p50 ×${ratio((r) => r.latencyUs.p50).toFixed(2)} · p99 ×${ratio((r) => r.latencyUs.p99).toFixed(2)} · p99.9 ×${ratio((r) => r.latencyUs.p999).toFixed(2)} · lateness p99 − send lag p99 ${(diff((r) => r.lagUs.p99) / 1000).toFixed(2)} ms`,
    });
  }
} finally {
  serve.stop();
  bare?.stop();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`\n${row(HEAD, WIDTHS)}`);
for (const t of table) for (const l of t.lines) console.log(l);
console.log('');
for (const t of table) console.log(t.ratios);
for (const t of table) if (t.embedded) console.log(t.embedded);
console.log(
  "goals (issue 9): p99 and p99.9 ratios ≤ 1.2 at every rate; lateness p99 within 0.2 ms of the minimal loop's send lag p99",
);
