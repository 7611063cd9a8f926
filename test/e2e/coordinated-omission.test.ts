import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { runCoordinated } from '../../src/load/coordinator.js';
import { createHistogram } from '../../src/metrics/hdr-settings.js';
import { mergeHistograms } from '../../src/metrics/interval-log.js';
import { loadScenarioFile } from '../../src/scenario/load-scenario.js';
import { monotonicNowUs } from '../../src/units.js';
import { type StallingServer, startStallingServer } from './stalling-server.js';

const RUN_US = 5_000_000;
const STALL = { fromUs: 2_000_000, toUs: 3_000_000 }; // 1 s held out of every 5 s

let server: StallingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A closed loop measuring from the actual send, as most load tools do: one request at a time. */
async function closedLoopP99Us(url: string, runUs: number): Promise<number> {
  const histogram = createHistogram();
  const endUs = monotonicNowUs() + runUs;
  while (monotonicNowUs() < endUs) {
    const sentUs = monotonicNowUs();
    const response = await request(`${url}/v23.0/1/messages`, { method: 'POST', body: '{}' });
    await response.body.dump();
    histogram.recordValue(Math.max(1, Math.round(monotonicNowUs() - sentUs)));
  }
  return histogram.getValueAtPercentile(99);
}

describe('coordinated omission', () => {
  it('latency from the intended time shows a 1 s stall in p99; a closed loop from the actual send hides it', async () => {
    server = await startStallingServer();
    const scenario = loadScenarioFile('scenarios/smoke.yaml', {
      duration: '5s',
      workers: 1,
      target: server.url,
    });
    const outcome = await runCoordinated({
      scenario,
      target: { baseUrl: server.url, graphVersion: 'v23.0', phoneNumberId: '1', accessToken: 't' },
      workers: 1,
      interrupt: new AbortController().signal,
      onIntervalClosed: () => {},
      onStart: (startAtUs) =>
        server?.stallBetween([{ fromUs: startAtUs + STALL.fromUs, toUs: startAtUs + STALL.toUs }]),
    });
    const latency = mergeHistograms([...outcome.aggregate.totals.values()].map((s) => s.latency));
    expect(latency.totalCount).toBeGreaterThan(300);
    // Arrivals are spread evenly and 20 % of them meet the stall, waiting on average half of it:
    // P(latency > x) = 0.2 · (1 − x / 1 s), so p99 = 0.95 s.
    const p99Ms = latency.getValueAtPercentile(99) / 1000;
    expect(p99Ms).toBeGreaterThan(850);
    expect(p99Ms).toBeLessThan(1_050);

    const closedServer = server;
    const startUs = monotonicNowUs();
    closedServer.stallBetween([{ fromUs: startUs + STALL.fromUs, toUs: startUs + STALL.toUs }]);
    const closedP99Ms = (await closedLoopP99Us(closedServer.url, RUN_US)) / 1000;
    expect(closedP99Ms).toBeLessThan(50);
  }, 30_000);
});
