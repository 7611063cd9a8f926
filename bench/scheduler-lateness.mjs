#!/usr/bin/env node
// Lateness of the op scheduler alone (no HTTP): Poisson operations at a given rate for a few
// seconds, fired by the real OpScheduler on the real clock; prints the lateness percentiles.
// It isolates the scheduling error (timers, event-loop turns, the machine) from the sender's.
// Usage: node bench/scheduler-lateness.mjs [rates=100,1000,5000] [seconds=5]   (npm run build first)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { OpScheduler } = await import(join(root, 'dist/load/op-scheduler.js'));
const { monotonicNowUs } = await import(join(root, 'dist/units.js'));
const { createHistogram } = await import(join(root, 'dist/metrics/hdr-settings.js'));

const rates = (process.argv[2] ?? '100,1000,5000').split(',').map(Number);
const seconds = Number(process.argv[3] ?? 5);
const clock = { nowUs: monotonicNowUs, after: (ms, cb) => void setTimeout(cb, ms), soon: (cb) => void setImmediate(cb) };

for (const rate of rates) {
  let atUs = 0;
  const ops = [];
  while (atUs < seconds * 1e6) {
    atUs += (-Math.log(1 - Math.random()) / rate) * 1e6;
    ops.push({ atUs: Math.floor(atUs) });
  }
  let next = 0;
  const lateness = createHistogram();
  await new Promise((resolve) => {
    const scheduler = new OpScheduler({ next: () => ops[next++] }, clock, (_op, intendedUs) => lateness.recordValue(Math.max(1, Math.round(monotonicNowUs() - intendedUs))), resolve);
    scheduler.start(monotonicNowUs() + 10_000);
  });
  const p = (q) => (lateness.getValueAtPercentile(q) / 1000).toFixed(3);
  console.log(`${String(rate).padStart(6)} ops/s: lateness p50 ${p(50)} ms, p99 ${p(99)} ms, p99.9 ${p(99.9)} ms, max ${(lateness.maxValue / 1000).toFixed(3)} ms (${lateness.totalCount} ops)`);
}
