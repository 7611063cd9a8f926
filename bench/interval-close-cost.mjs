#!/usr/bin/env node
// What closing one interval costs the coordinator's thread (issue 9: its pauses, shared with a
// worker on one core, were most of the floor's tail): a worker's recorder fills three series at
// `rate` operations/s of log-normal latencies, hands over its snapshot as a worker does (a
// structured clone, like postMessage), and the coordinator's side merges it (RunAggregate, with the
// worker's and its own event-loop delay) and writes it (hlog, intervals.ndjson, timeseries rows),
// interval after interval, in one thread and as fast as it can. Prints the coordinator's time per
// interval (median, p99, max) and the garbage collector's pauses over the same intervals (both sides'
// allocation: the worker's recorder runs in this thread too).
// Usage: node bench/interval-close-cost.mjs [--intervals 2000] [--rate 1000] [--warmup 200] [--warm-up-first]   (npm run build first)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    intervals: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '200' },
    'warm-up-first': { type: 'boolean', default: false },
  },
});
const intervals = Number(values.intervals);
const rate = Number(values.rate);
const warmup = Number(values.warmup);

const { IntervalRecorder } = await import(join(root, 'dist/metrics/interval-recorder.js'));
const { RunAggregate } = await import(join(root, 'dist/metrics/run-aggregate.js'));
const { countsOf, createHistogram, recordUs, refillFromCounts, resetHistogram } = await import(
  join(root, 'dist/metrics/hdr-settings.js')
);
const { intervalRowsOf } = await import(join(root, 'dist/metrics/interval-rows.js'));
const { ResultDirWriter } = await import(join(root, 'dist/report/result-dir-writer.js'));
const { loadScenarioFile } = await import(join(root, 'dist/scenario/load-scenario.js'));
const { monotonicNowUs } = await import(join(root, 'dist/units.js'));

if (values['warm-up-first'])
  (await import(join(root, 'dist/metrics/interval-warm-up.js'))).warmUpIntervalPath();
const scenario = loadScenarioFile(join(root, 'bench/scenarios/ceiling.yaml'));
const dir = mkdtempSync(join(os.tmpdir(), 'chatload-close-cost-'));
const writer = ResultDirWriter.open(dir, scenario, {
  runId: 'bench',
  engine: 'live',
  label: 'interval-close-cost',
});
const intervalUs = 1_000_000;
writer.start(Date.now(), intervalUs);

// A seeded log-normal (median 0.4 ms, a tail to tens of ms), the shape of the floor bench's latencies.
let seed = 1;
const uniform = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
const latencyUs = () => Math.round(400 * Math.exp(1.1 * normal()));
const KEYS = ['general-chatbot/inbound', 'general-chatbot/send', 'general-chatbot/typing'];

const recorder = new IntervalRecorder(0);
const rows = [];
const aggregate = new RunAggregate(
  1,
  (interval) => {
    writer.appendInterval(interval);
    rows.push(...intervalRowsOf(interval, intervalUs));
  },
  { floorThreads: ['coordinator'], lendIntervals: true },
);

// Entries arrive after the loop (the observer is called back on a later turn): kept by their start time.
const gcEntries = [];
new PerformanceObserver((list) => gcEntries.push(...list.getEntries())).observe({ entryTypes: ['gc'] });
let measuredFromMs = Number.POSITIVE_INFINITY;

const perIntervalUs = [];
// One histogram each for the worker's delay and for its counts on arrival, refilled every interval as the threads do.
const delay = createHistogram();
const workerDelay = createHistogram();
for (let index = 0; index < warmup + intervals; index++) {
  for (let n = 0; n < rate; n++) {
    const key = KEYS[n % KEYS.length];
    const latency = latencyUs();
    recorder.recordSent(key, 120, n % 7 === 0);
    recorder.recordCompleted(
      key,
      Math.round(latency / 20),
      latency,
      latency - 30,
      latency - 60,
      90,
      undefined,
    );
  }
  resetHistogram(delay);
  for (let n = 0; n < 50; n++) recordUs(delay, Math.round(5 + 200 * uniform()));
  // What crosses the thread: the snapshot and the worker's delay counts, copied as postMessage copies them.
  const message = structuredClone({
    snapshot: recorder.takeSnapshot(index, 3),
    eventLoopDelay: countsOf(delay),
  });
  if (index === warmup) measuredFromMs = performance.now();
  const startUs = monotonicNowUs();
  aggregate.add(message.snapshot, refillFromCounts(workerDelay, message.eventLoopDelay));
  aggregate.addFloor(index, 'coordinator', delay);
  if (index >= warmup) perIntervalUs.push(monotonicNowUs() - startUs);
}
const measuredToMs = performance.now();
writer.close();
rmSync(dir, { recursive: true, force: true });
await new Promise((resolve) => setTimeout(resolve, 50));

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const at = (xs, q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
const times = sorted(perIntervalUs);
const pauses = sorted(
  gcEntries
    .filter((e) => e.startTime >= measuredFromMs && e.startTime <= measuredToMs)
    .map((e) => e.duration),
);
const total = (xs) => xs.reduce((a, b) => a + b, 0);
console.log(
  `interval close, ${intervals} intervals of ${rate} operations in 3 series (after ${warmup} warm-up); node ${process.version}`,
);
console.log(
  `  first interval measured: ${(perIntervalUs[0] / 1000).toFixed(3)} ms (cold when --warmup 0; --warm-up-first plays chatload's own warm-up first)`,
);
console.log(
  `  per interval: median ${(at(times, 0.5) / 1000).toFixed(3)} ms · p99 ${(at(times, 0.99) / 1000).toFixed(3)} ms · max ${(times.at(-1) / 1000).toFixed(3)} ms · mean ${(total(times) / times.length / 1000).toFixed(3)} ms`,
);
console.log(
  `  gc: ${pauses.length} pauses (${(pauses.length / intervals).toFixed(2)} per interval), ${(total(pauses) / intervals).toFixed(3)} ms per interval, p90 ${at(pauses, 0.9).toFixed(2)} ms, max ${(pauses.at(-1) ?? 0).toFixed(2)} ms`,
);
