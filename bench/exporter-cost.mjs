#!/usr/bin/env node
// What the live-metrics exporter costs the coordinator's thread (issue 13), per closed interval
// and per scrape, with every series of both shapes active: 14 series × 3 HDR histograms of
// `values` distinct values each (uniform 1–201 ms, seeded). Prints ms per call, mean of `repeats`.
// Usage: node bench/exporter-cost.mjs [values=2000] [repeats=50]      (npm run build first)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const { RunMetricsExporter } = await import(join(dist, 'export/run-metrics-exporter.js'));
const { Exposition } = await import(join(dist, 'export/exposition.js'));
const { createHistogram } = await import(join(dist, 'metrics/hdr-settings.js'));
const { emptyCounters } = await import(join(dist, 'metrics/interval-snapshot.js'));
const values = Number(process.argv[2] ?? 2000);
const repeats = Number(process.argv[3] ?? 50);

let seed = 13;
/** A small seeded linear congruential stream: the same histograms on every run. */
const uniform = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const histogram = () => {
  const h = createHistogram();
  for (let i = 0; i < values; i++) h.recordValue(Math.round(1_000 + uniform() * 200_000));
  return h;
};
const series = new Map();
for (const shape of ['customer-service', 'general-chatbot']) {
  for (const op of ['inbound', 'send', 'read', 'typing', 'template', 'interactive', 'media']) {
    series.set(`${shape}/${op}`, { latency: histogram(), service: histogram(), lateness: histogram(), counters: { ...emptyCounters(), count: values, sent: values } });
  }
}
const exporter = new RunMetricsExporter({ runId: 'bench', scenario: 'bench', seed: 1, toolVersion: '0', engine: 'live', shard: { index: 0, count: 1 } });
const timeMs = async (fn) => {
  await fn();
  const started = performance.now();
  for (let i = 0; i < repeats; i++) await fn();
  return (performance.now() - started) / repeats;
};
let index = 0;
const observe = await timeMs(() => exporter.observeInterval({ index: index++, inFlight: 0, series }));
const own = new Exposition([exporter]);
const withProcess = new Exposition([exporter], { processMetrics: { run_id: 'bench', shard: '0' } });
const bytes = (await withProcess.text()).length;
const render = await timeMs(() => own.text());
const renderAll = await timeMs(() => withProcess.text());
console.log(`observeInterval: ${observe.toFixed(2)} ms per interval (14 series × 3 histograms × ${values} values)`);
console.log(`scrape: ${render.toFixed(2)} ms for chatload's families, ${renderAll.toFixed(2)} ms with prom-client's process metrics (${bytes} bytes)`);
