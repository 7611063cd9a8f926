import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { mergeHistograms } from '../../src/metrics/exact-merge.js';
import type { RunResult } from '../../src/metrics/run-result.js';
import { liveEngine } from '../../src/pipeline/live-engine.js';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { simEngine } from '../../src/pipeline/sim-engine.js';
import { ksTwoSample } from '../../src/report/two-sample.js';
import { loadScenarioFile } from '../../src/scenario/load-scenario.js';
import { simScenarioOf } from '../../src/sim/sim-scenario.js';

/**
 * The two engines on one small uncompressed plan (no pre-roll: the live run's join and the
 * sim's played history are then the same operations). Live runs over HTTP in real time, sim in
 * virtual time against the same platform rules; where they may differ is HTTP and timers.
 */
async function play(file: string, engine: 'live' | 'sim'): Promise<RunResult> {
  const out = mkdtempSync(path.join(tmpdir(), `chatload-${engine}-`));
  const loaded = loadScenarioFile(file);
  const { scenario, notes } = engine === 'sim' ? simScenarioOf(loaded) : { scenario: loaded, notes: [] };
  const never = new AbortController().signal;
  const { result } = await runPipeline(scenario, engine === 'sim' ? simEngine({ threads: 1, notes }) : liveEngine, { outDir: out, runId: engine, interrupt: never, argv: [], log: () => {} });
  return result;
}

const total = (result: RunResult, pick: (s: { sent: number; count: number; errors: number }) => number) =>
  [...result.series.values()].reduce((n, s) => n + pick(s.counters), 0);
const errorsOf = (result: RunResult, code: string) => [...result.series.values()].reduce((n, s) => n + (s.counters.errorsByCode[code] ?? 0), 0);
const errorCodes = (result: RunResult) => {
  const out: Record<string, number> = {};
  for (const s of result.series.values()) for (const [code, n] of Object.entries(s.counters.errorsByCode)) out[code] = (out[code] ?? 0) + n;
  return out;
};
/** Counts of two runs of one plan agree within noise: 4 Poisson standard deviations, at least 3. */
const withinNoise = (a: number, b: number) => Math.abs(a - b) <= Math.max(3, 4 * Math.sqrt(Math.max(a, b)));

describe('live and sim agree on one plan', () => {
  test('below saturation: the same planned operations, completions and errors within noise, the platform sojourns alike (KS, α = 0.01)', async () => {
    const file = 'test/sim/fixtures/live-vs-sim.yaml';
    const live = await play(file, 'live');
    const sim = await play(file, 'sim');
    for (const [key, series] of sim.series) expect(live.series.get(key)?.counters.sent, `${key} sent`).toBe(series.counters.sent);
    expect(total(sim, (c) => c.sent)).toBeGreaterThan(800);
    const counts = `completed live ${total(live, (c) => c.count)} / sim ${total(sim, (c) => c.count)}, errors live ${JSON.stringify(errorCodes(live))} / sim ${JSON.stringify(errorCodes(sim))}`;
    expect(withinNoise(total(live, (c) => c.count), total(sim, (c) => c.count)), counts).toBe(true);
    expect(withinNoise(total(live, (c) => c.errors), total(sim, (c) => c.errors)), counts).toBe(true);
    const sojourn = (result: RunResult) => mergeHistograms([...result.series.values()].map((s) => s.platform));
    const ks = ksTwoSample(sojourn(live), sojourn(sim));
    expect(ks.n).toBeGreaterThan(800);
    expect(ks.pValue, `KS D = ${ks.d.toFixed(4)}`).toBeGreaterThan(0.01);
    // What HTTP adds on top of the platform (service time from the actual send minus the sojourn) is never negative.
    const service = mergeHistograms([...live.series.values()].map((s) => s.service));
    expect(service.getValueAtPercentile(50)).toBeGreaterThanOrEqual(sojourn(live).getValueAtPercentile(50));
  }, 60_000);

  test('with the quota binding: 130429 refusals of both engines agree within noise', async () => {
    const file = 'test/sim/fixtures/live-vs-sim-quota.yaml';
    const live = await play(file, 'live');
    const sim = await play(file, 'sim');
    const refusedLive = errorsOf(live, '130429');
    const refusedSim = errorsOf(sim, '130429');
    expect(refusedSim).toBeGreaterThan(50);
    expect(withinNoise(refusedLive, refusedSim), `130429: live ${refusedLive}, sim ${refusedSim}`).toBe(true);
    expect(sim.platformStats?.quota.inboundQueued).toBeGreaterThan(0);
  }, 60_000);
});
