#!/usr/bin/env node
// The virtual-time engine's speed and memory: each stated scenario is simulated for a whole day
// by the built CLI (a fresh process, so peak RSS is the run's own); prints wall time, operations
// and webhook updates simulated, events per wall second and per core, peak RSS, and the
// platform's utilisation (slots are sized for ~70 % at the busiest hour, so refusals and queues
// do not dominate). Usage:
//   npm run build && node bench/sim-throughput.mjs [--only 1m|scale] [--scale 1e6,1e7,1e8] [--threads N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist', 'cli', 'bin.js');
const { loadScenarioFile } = await import(join(root, 'dist', 'scenario', 'load-scenario.js'));
const { peakDemandAt } = await import(join(root, 'dist', 'platform', 'peak-demand.js'));

const { values: opts } = parseArgs({
  options: { only: { type: 'string' }, scale: { type: 'string', default: '1e6,1e7,1e8' }, threads: { type: 'string' } },
});
const threads = Number(opts.threads ?? availableParallelism());

/** Slots per cluster for ~70 % utilisation at the busiest hour: the analytic peak Erlangs ÷ clusters ÷ 0.7. */
function slotsFor(file, users) {
  const scenario = loadScenarioFile(join(root, file), { users });
  const erlangs = peakDemandAt(scenario, users).reduce((sum, shape) => sum + shape.offeredErlangs, 0);
  return Math.max(1, Math.ceil(erlangs / scenario.mock.clusters / 0.7));
}

function simulate(label, file, users) {
  const dir = mkdtempSync(join(tmpdir(), 'chatload-sim-bench-'));
  const slots = slotsFor(file, users);
  const scenarioFile = join(dir, 'scenario.yaml');
  const text = readFileSync(join(root, file), 'utf8').replace(/^users: .*$/m, `users: ${users}`).replace(/^    slots: .*$/m, `    slots: ${slots}`);
  writeFileSync(scenarioFile, text);
  const out = join(dir, 'result');
  const run = spawnSync(process.execPath, [cli, 'sim', scenarioFile, '--out', out, '--no-progress', '--threads', String(threads)], { encoding: 'utf8' });
  if (run.status !== 0) {
    console.error(`${label}: exit ${run.status}\n${run.stderr.slice(-2000)}`);
    process.exit(1);
  }
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const provenance = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
  const all = summary.series.find((s) => s.key === '*/*');
  const updates = summary.webhooks.total?.updates ?? 0;
  const stats = summary.platformStats;
  const utilisation = stats.capacity.busyUs / (stats.capacity.slots * stats.elapsedUs);
  const events = all.sent + all.count + updates;
  const figures = {
    label,
    users,
    slotsPerCluster: slots,
    wallSeconds: provenance.wallSeconds,
    operations: all.count,
    webhookUpdates: updates,
    eventsPerSecond: events / provenance.wallSeconds,
    eventsPerSecondPerCore: events / provenance.wallSeconds / provenance.threads,
    peakRssMiB: provenance.peakRssBytes / 2 ** 20,
    utilisation,
    errorShare: all.errorShare,
    resultMiB: Number(spawnSync('du', ['-sk', out], { encoding: 'utf8' }).stdout.split('\t')[0]) / 1024,
  };
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `${label.padEnd(26)} ${users.toExponential(0).padStart(6)} users  wall ${figures.wallSeconds.toFixed(1).padStart(6)} s  ` +
      `${(figures.operations / 1e6).toFixed(2)} M ops + ${(updates / 1e6).toFixed(2)} M webhooks  ` +
      `${Math.round(figures.eventsPerSecond).toLocaleString('en-US')} events/s (${Math.round(figures.eventsPerSecondPerCore).toLocaleString('en-US')}/core)  ` +
      `peak RSS ${figures.peakRssMiB.toFixed(0)} MiB  util ${(utilisation * 100).toFixed(0)} %  errors ${(figures.errorShare * 100).toFixed(3)} %  dir ${figures.resultMiB.toFixed(1)} MiB`,
  );
  return figures;
}

console.log(`chatload sim throughput — ${threads} thread(s), Node ${process.version}; events = operations sent + completed + webhook updates`);
const results = [];
if (!opts.only || opts.only === '1m') results.push(simulate('1 M of each shape, 24 h', 'bench/scenarios/sim-1m-each.yaml', 2_000_000));
if (!opts.only || opts.only === 'scale') {
  for (const users of opts.scale.split(',').map(Number)) results.push(simulate('general-chatbot, 24 h', 'bench/scenarios/sim-chatbot-scale.yaml', users));
}
console.log(JSON.stringify(results));
