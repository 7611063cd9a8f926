#!/usr/bin/env node
// Where the default `chatload study` spends its CPU: one step of each kind, each in a fresh
// process (so CPU seconds and peak RSS are the step's own), at the default settings and the
// shipped scenarios' seed — a whole day per shape, one quota probe per shape and tier at the
// population whose peak-hour message rate equals the tier (where the search starts), and every
// slots check of the default design (the sim's mean wait and sojourn p99 beside the M/G/c
// values at the same slot count). Then the per-phase estimate: unit cost × steps per phase, and
// the wall time on T quiet threads (the quota searches are chains of probes: the longest chain
// or the total ÷ T, whichever is more). `--probe shape:users:tier:window` plays one quota probe
// (window e.g. 10m) and prints its 130429 share. Usage:
//   npm run build && node bench/study-cost.mjs [--only units|slots] [--slo wait.mean<10ms] [--threads 2]
//   node bench/study-cost.mjs --probe customer-service:585e6:1000:10m
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const dist = (file) => import(join(root, 'dist', file));
const { values: opts } = parseArgs({ options: { only: { type: 'string' }, threads: { type: 'string', default: '2' }, slo: { type: 'string' }, probe: { type: 'string' }, step: { type: 'string' } } });
const files = { 'customer-service': join(root, 'scenarios', 'customer-service.yaml'), 'general-chatbot': join(root, 'scenarios', 'general-chatbot.yaml') };

if (opts.step !== undefined) {
  // Child: run one step, print its cost and what the checks need.
  const { runSimStep } = await dist('study/sim-step.js');
  const spec = JSON.parse(opts.step);
  const started = process.cpuUsage();
  const record = await runSimStep(files[spec.shape], spec, new AbortController().signal);
  const cpu = process.cpuUsage(started);
  const m = record.measure;
  const p = m.platform;
  console.log(
    JSON.stringify({
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      wallSeconds: record.wallSeconds,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      operations: m.all.completed,
      quotaErrorShare: (m.all.errorsByCode['130429'] ?? 0) / Math.max(1, m.all.completed),
      meanWaitMs: p && p.served > 0 ? p.queuedUs / p.served / 1000 : 0,
      sojournP99Ms: m.all.sojournUs.p99 / 1000,
    }),
  );
  process.exit(0);
}

const { loadScenarioFile } = await dist('scenario/load-scenario.js');
const { combinedScenario, studyDesign } = await dist('study/study-design.js');
const { DEFAULT_STUDY_SETTINGS: settings } = await dist('study/study-settings.js');
const { daySteps, quotaStep, slotSteps } = await dist('study/study-steps.js');
const { peakDemandAt } = await dist('platform/peak-demand.js');
const { estimateQueue, parseLatencySlo, sloValueMs } = await dist('platform/queueing-approx.js');
const { headlineSensitivity } = await dist('report/sensitivity-render.js');

const scenarios = { customerService: loadScenarioFile(files['customer-service']), chatbot: loadScenarioFile(files['general-chatbot']) };
const scenarioOf = (shape) => (shape === 'customer-service' ? scenarios.customerService : scenarios.chatbot);
const design = studyDesign(scenarios, settings);
const threads = Number(opts.threads);

if (opts.probe !== undefined) {
  const { parseDurationUs } = await dist('units.js');
  const [shape, users, tier, window] = opts.probe.split(':');
  const plan = design.quotaPlans.find((p) => p.shape === shape);
  const spec = quotaStep(shape, plan.baseSeed, plan.peakHour, { ...settings, quota: { ...settings.quota, windowUs: parseDurationUs(window) } }, { tier: Number(tier), users: Number(users), probe: 0, phase: 'start' });
  const cost = runStep(spec);
  console.log(`${shape}, ${Number(users).toLocaleString('en-US')} users at ${tier} msg/s, ${window} from ${plan.peakHour}:00 (seed ${spec.seed}): 130429 ${(cost.quotaErrorShare * 100).toFixed(2)} % of ${cost.operations.toLocaleString('en-US')} operations; ${cost.cpuSeconds.toFixed(1)} s CPU`);
  process.exit(0);
}

const stepCosts = new Map();
/** A step's cost, each step run once for both tables. */
const costOf = (spec) => {
  if (!stepCosts.has(spec.id)) stepCosts.set(spec.id, runStep(spec));
  return stepCosts.get(spec.id);
};
const slotRuns = () => design.fixed.filter((s) => s.part === 'slots').map((spec) => ({ spec, cost: costOf(spec) }));

function runStep(spec) {
  const child = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--step', JSON.stringify(spec)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`${spec.id}: exit ${child.status}\n${child.stderr.slice(-2000)}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1));
}

const fmt = (x, digits = 1) => x.toFixed(digits);
const line = (cells) => console.log(`| ${cells.join(' | ')} |`);

if (opts.only !== 'slots') {
  console.log(`Unit costs (seed ${scenarios.chatbot.seed}, one step per process, CPU seconds on one core):\n`);
  line(['step', 'users', 'operations', 'CPU s', 'wall s', 'peak RSS MB']);
  line(['---', '---', '---', '---', '---', '---']);
  const unit = {};
  for (const plan of design.quotaPlans) {
    const day = daySteps(plan.shape, plan.baseSeed, settings)[0];
    const dayCost = runStep(day);
    unit[`day ${plan.shape}`] = dayCost.cpuSeconds;
    line([`whole day, ${plan.shape}`, day.users.toLocaleString('en-US'), dayCost.operations.toLocaleString('en-US'), fmt(dayCost.cpuSeconds), fmt(dayCost.wallSeconds), dayCost.peakRssMb]);
    for (const tier of settings.quota.tiers) {
      const users = Number(plan.usersAtTierRate(tier).toPrecision(3));
      const cost = runStep(quotaStep(plan.shape, plan.baseSeed, plan.peakHour, settings, { tier, users, probe: 0, phase: 'start' }));
      unit[`quota ${plan.shape} ${tier}`] = cost.cpuSeconds;
      line([`quota probe ${tier} msg/s, ${plan.shape}`, users.toLocaleString('en-US'), cost.operations.toLocaleString('en-US'), fmt(cost.cpuSeconds), fmt(cost.wallSeconds), cost.peakRssMb]);
    }
  }
  const slotCosts = slotRuns();
  const slotsCpu = slotCosts.reduce((n, s) => n + s.cost.cpuSeconds, 0);
  line([`slots checks (${slotCosts.length} steps)`, '10⁵–10⁷', slotCosts.reduce((n, s) => n + s.cost.operations, 0).toLocaleString('en-US'), fmt(slotsCpu), fmt(slotCosts.reduce((n, s) => n + s.cost.wallSeconds, 0)), Math.max(...slotCosts.map((s) => s.cost.peakRssMb))]);
  const started = process.cpuUsage();
  headlineSensitivity(combinedScenario(scenarios), settings.sensitivitySamples, scenarios.chatbot.seed);
  const used = process.cpuUsage(started);
  const sensitivityCpu = (used.user + used.system) / 1e6;

  // Steps per phase at the defaults: every probe and knee replicate of each tier, per shape.
  const phases = [['day replicates', design.quotaPlans.reduce((n, p) => n + settings.replicates * unit[`day ${p.shape}`], 0), `${settings.replicates} × 2 days`]];
  const chains = design.quotaPlans.map(() => 0);
  settings.quota.tiers.forEach((tier, i) => {
    const probes = settings.quota.probes[Math.min(i, settings.quota.probes.length - 1)];
    const replicates = settings.quota.replicates[Math.min(i, settings.quota.replicates.length - 1)];
    const each = design.quotaPlans.map((p) => unit[`quota ${p.shape} ${tier}`]);
    each.forEach((c, s) => {
      chains[s] += (probes + replicates) * c;
    });
    phases.push([`quota probes ${tier} msg/s`, probes * each.reduce((a, b) => a + b, 0), `${probes} × 2 shapes`]);
    if (replicates > 0) phases.push([`knee replicates ${tier} msg/s`, replicates * each.reduce((a, b) => a + b, 0), `${replicates} × 2 shapes`]);
  });
  phases.push(['slots sims', slotsCpu, `${slotCosts.length} steps`], ['sensitivity (analytic)', sensitivityCpu, `${settings.sensitivitySamples.toLocaleString('en-US')} draws`]);
  const total = phases.reduce((n, p) => n + p[1], 0);
  console.log(`\nPer phase at the defaults (unit cost × steps):\n`);
  line(['phase', 'steps', 'CPU s', 'share']);
  line(['---', '---', '---', '---']);
  for (const [name, cpu, steps] of phases) line([name, steps, fmt(cpu, 0), `${fmt((cpu / total) * 100, 0)} %`]);
  line(['total', '', fmt(total, 0), '100 %']);
  const wall = Math.max(...chains, total / threads);
  console.log(`\nOn ${threads} quiet threads: ≈${fmt(wall / 60)} min (longest quota chain ${fmt(Math.max(...chains) / 60)} min, total CPU ÷ ${threads} = ${fmt(total / threads / 60)} min).`);
}

if (opts.only !== 'units') {
  // The design's checks at this SLO, and c* − 1 at the largest population too (the study skips it there).
  const sloText = opts.slo ?? settings.slots.slo;
  const slo = parseLatencySlo(sloText);
  const atSlo = { ...settings, slots: { ...settings.slots, slo: sloText } };
  const specs = [scenarios.customerService, scenarios.chatbot].flatMap((scenario) => {
    const steps = slotSteps(scenario, scenario.seed, atSlo);
    const largest = steps.filter((s) => s.role === 'at' && s.users === Math.max(...steps.map((t) => t.users)) && s.slots > 1);
    return [...steps, ...largest.map((s) => ({ ...s, id: s.id.replace(/-c\d+$/, `-c${s.slots - 1}`), slots: s.slots - 1, role: 'below', mock: { ...s.mock, slots: s.slots - 1 } }))];
  });
  console.log(`\nSlots checks at ${sloText} (seed ${scenarios.chatbot.seed}, 1 h from each shape's peak; M/G/c beside the sim at the same slots):\n`);
  // The sim's value of the SLO where this table has it (the mean wait, the sojourn p99).
  const simValue = (sim) => (slo.measure === 'wait' && slo.statistic === 'mean' ? sim.meanWaitMs : slo.measure === 'sojourn' && slo.statistic === 0.99 ? sim.sojournP99Ms : undefined);
  const verdict = (value) => (value === undefined ? 'n/a' : value < slo.belowMs ? 'meets' : 'misses');
  line(['shape', 'users', 'slots', 'M/G/c mean wait ms', 'sim mean wait ms', 'M/G/c sojourn p99 ms', 'sim sojourn p99 ms', `M/G/c ${sloText}`, 'sim']);
  line(['---', '---', '---', '---', '---', '---', '---', '---', '---']);
  for (const spec of specs) {
    const sim = costOf(spec);
    const demand = peakDemandAt(scenarioOf(spec.shape), spec.users)[0];
    const approx = estimateQueue(spec.slots, demand.servicesPerSecond, demand.serviceLaw);
    const approxValue = approx.stable ? sloValueMs(approx, slo) : Number.POSITIVE_INFINITY;
    line([spec.shape, spec.users.toExponential(0), `${spec.slots}${spec.role === 'at' ? ' (c*)' : ' (c* − 1)'}`, approx.stable ? fmt(approx.meanWaitMs, 2) : 'unstable', fmt(sim.meanWaitMs, 2), approx.stable ? fmt(approx.sojournQuantileMs(0.99), 0) : '∞', fmt(sim.sojournP99Ms, 0), verdict(approxValue), verdict(simValue(sim))]);
  }
}
