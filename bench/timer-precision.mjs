#!/usr/bin/env node
// Timer precision of the real Clock (src/clock.ts) against a plain fractional setTimeout: timers
// with delays uniform in 1–60 ms (the modelled service times' range) armed at a steady rate for
// a few seconds; prints the firing error (fired − due) and the CPU the process used meanwhile.
// Node's setTimeout counts whole ms from the loop's truncated time, so the plain timer fires
// early on average; the Clock arms whole ms and spins a setImmediate tail for the rest.
// Usage: node bench/timer-precision.mjs [rates=200,2000] [seconds=3]   (npm run build first)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { realClock } = await import(join(root, 'dist/clock.js'));
const { monotonicNowUs } = await import(join(root, 'dist/units.js'));

const rates = (process.argv[2] ?? '200,2000').split(',').map(Number);
const seconds = Number(process.argv[3] ?? 3);
const timers = {
  'setTimeout(ms)': (delayUs, callback) => void setTimeout(callback, delayUs / 1000),
  'Clock.afterUs': (delayUs, callback) => realClock.afterUs(delayUs, callback),
};

async function measure(after, rate) {
  const errorsUs = [];
  const cpu0 = process.cpuUsage();
  const t0 = monotonicNowUs();
  const total = rate * seconds;
  await new Promise((resolve) => {
    let armed = 0;
    let pending = 0;
    // Arm rate/100 timers every 10 ms, so the load is steady and the same for both timers.
    const tick = () => {
      for (let k = 0; k < rate / 100 && armed < total; k++, armed++) {
        const delayUs = 1000 + Math.random() * 59_000;
        const dueUs = monotonicNowUs() + delayUs;
        pending += 1;
        after(delayUs, () => {
          errorsUs.push(monotonicNowUs() - dueUs);
          pending -= 1;
          if (pending === 0 && armed >= total) resolve();
        });
      }
      if (armed < total) setTimeout(tick, 10);
    };
    tick();
  });
  const used = process.cpuUsage(cpu0);
  const wallUs = monotonicNowUs() - t0;
  errorsUs.sort((a, b) => a - b);
  const at = (q) => errorsUs[Math.min(errorsUs.length - 1, Math.floor(errorsUs.length * q))] / 1000;
  // The central 98 % too: on a loaded machine a few very late turns dominate the plain mean.
  const central = errorsUs.slice(Math.floor(errorsUs.length * 0.01), Math.ceil(errorsUs.length * 0.99));
  return {
    meanMs: errorsUs.reduce((a, b) => a + b, 0) / errorsUs.length / 1000,
    centralMeanMs: central.reduce((a, b) => a + b, 0) / central.length / 1000,
    p1Ms: at(0.01),
    p50Ms: at(0.5),
    p90Ms: at(0.9),
    p99Ms: at(0.99),
    cpuPercent: ((used.user + used.system) / wallUs) * 100,
    count: errorsUs.length,
  };
}

console.log(
  `timer error = fired − due, delays uniform 1–60 ms, ${seconds} s per row (indicative on a shared machine)`,
);
for (const rate of rates) {
  for (const [name, after] of Object.entries(timers)) {
    const r = await measure(after, rate);
    console.log(
      `${name.padEnd(15)} ${String(rate).padStart(5)} timers/s: mean ${r.meanMs.toFixed(3)} ms (central 98 %: ${r.centralMeanMs.toFixed(3)}), p1 ${r.p1Ms.toFixed(3)}, ` +
        `p50 ${r.p50Ms.toFixed(3)}, p90 ${r.p90Ms.toFixed(3)}, p99 ${r.p99Ms.toFixed(3)} ms; process CPU ${r.cpuPercent.toFixed(1)} % (${r.count} timers)`,
    );
  }
}
