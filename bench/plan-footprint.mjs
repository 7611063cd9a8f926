#!/usr/bin/env node
// What the live plan costs a worker (issue 9, live feasibility), for the constants in
// src/cli/live-feasibility.ts:
//  1. heap bytes per conversation in progress: each one is held with all its planned operations
//     until the last is sent (traffic/plan.ts: a heap entry + its PlannedOp array). Measured by
//     generating conversations with the real shape generators and keeping them as the plan does.
//  2. the same, cross-checked on the real operation source: the heap after it has generated a
//     pre-roll, against live-demand.ts's prediction of the conversations then in progress.
//  3. how fast one thread draws the plan without sending (what a pre-roll costs before the start).
// Usage: npm run build && node bench/plan-footprint.mjs [conversations=200000]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

if (typeof globalThis.gc !== 'function') {
  const run = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { loadScenarioText } = await import(join(root, 'dist/scenario/load-scenario.js'));
const { createOperationSource, createShapeGenerator } = await import(join(root, 'dist/traffic/plan.js'));
const { createRng } = await import(join(root, 'dist/traffic/rng.js'));
const { predictLiveDemand } = await import(join(root, 'dist/traffic/live-demand.js'));
const { CELL_COUNT } = await import(join(root, 'dist/traffic/population.js'));

const count = Number(process.argv[2] ?? 200_000);
const heapUsed = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};
const scenarioOf = (shape, extra) =>
  loadScenarioText(`name: footprint\nseed: 11\nusers: 1000000\nduration: 1h\n${extra}\ntraffic:\n  mix:\n    - { shape: ${shape} }\n`, 'footprint.yaml');
const allCells = Array.from({ length: CELL_COUNT }, (_, c) => c);

console.log(`node ${process.version}, ${process.arch}; ${count.toLocaleString('en-US')} conversations per shape`);
for (const shape of ['customer-service', 'general-chatbot']) {
  const scenario = scenarioOf(shape, '');
  const generate = createShapeGenerator(scenario.traffic.mix[0]);
  // 1. Kept as the plan keeps them: one entry object (the plan's HeapEntry has these 13 fields) and the ops array.
  const before = heapUsed();
  const kept = [];
  let ops = 0;
  for (let i = 0; i < count; i += 1) {
    const list = generate(createRng(11, 2, i % 64, 0, i), { conversationId: i, userId: i, startUs: 0, endUs: Number.POSITIVE_INFINITY });
    ops += list.length;
    kept.push({ atUs: 0, rank: 1, tie: i, seq: 0, cell: 0, mixIndex: 0, arrivalIndex: 0, stream: undefined, block: undefined, cellUsers: 0, ops: list, index: 0 });
  }
  const bytes = heapUsed() - before;
  const perOp = bytes / ops;
  console.log(
    `${shape}: ${(bytes / count).toFixed(0)} bytes per conversation held (${(ops / count).toFixed(2)} ops each, ${perOp.toFixed(1)} bytes per op all included)`,
  );
  kept.length = 0;

  // 2. The real source after a pre-roll: conversations in progress at t = 0 are held in its heap.
  const rolled = scenarioOf(shape, 'clock: { startHour: 10, dayIn: 1h, preRoll: 20m }');
  const demand = predictLiveDemand(rolled);
  const base = heapUsed();
  const source = createOperationSource(rolled, allCells);
  const firstTimer = performance.now();
  source.next();
  const preRollMs = performance.now() - firstTimer;
  const held = heapUsed() - base;
  console.log(
    `  real source, 20 min pre-roll of a day played in 1 h: ${(held / 1e6).toFixed(1)} MB held; predicted ${demand.concurrentConversations.toFixed(0)} conversations in progress ` +
      `(${demand.concurrentOps.toFixed(0)} ops) → ${(held / demand.concurrentOps).toFixed(1)} bytes per predicted op; ` +
      `pre-roll of ${demand.preRollOps.toFixed(0)} predicted ops generated in ${preRollMs.toFixed(0)} ms`,
  );

  // 3. Drawing speed without sending.
  const fast = scenarioOf(shape, 'clock: { startHour: 10, dayIn: 1m }');
  const drawing = createOperationSource(fast, allCells);
  let drawn = 0;
  const started = performance.now();
  while (performance.now() - started < 2_000 && drawing.next() !== undefined) drawn += 1;
  console.log(`  plan drawn without sending: ${Math.round(drawn / ((performance.now() - started) / 1000)).toLocaleString('en-US')} ops/s on one thread`);
}
