import { describe, expect, test } from 'vitest';
import { estimateQueue } from '../../src/platform/queueing-approx.js';
import { meanInterval } from '../../src/report/confidence.js';
import { resolveMockSettings } from '../../src/scenario/mock-schema.js';
import type { ResolvedScenario } from '../../src/scenario/resolved-scenario.js';
import { ClusterSim } from '../../src/sim/cluster-sim.js';
import type { OperationSource, PlannedOp } from '../../src/traffic/operation.js';
import { createRng } from '../../src/traffic/rng.js';
import { scenarioFixture } from '../traffic/scenario-fixture.js';

/**
 * The sim engine as a queue, checked against Erlang C (M/M/c): user messages arrive as a
 * Poisson stream (each from its own user, so no rule but capacity applies), service is
 * exponential, 8 slots. A warm-up of arrivals before t = 0 is played unmeasured, as the sim
 * plays its pre-roll.
 *
 * The band: R independent replications (different seeds for arrivals and service times) give
 * R estimates of each statistic; Erlang C's exact value must lie inside the 99 % Student-t
 * interval of their mean. Replications are independent where samples inside one run are not
 * (a queue's sojourns are autocorrelated), so this is the band the sample size really supports.
 */
const SLOTS = 8;
const MEAN_SERVICE_MS = 10;
const REPLICATIONS = 8;
/** Longer runs near saturation, where sojourns are more correlated: 3,000 / (1 − ρ) measured arrivals per replication. */
const measuredArrivals = (rho: number): number => Math.round(3_000 / (1 - rho));
const WARMUP_ARRIVALS = 2_000;

/** Poisson arrivals: about WARMUP_ARRIVALS before t = 0, then exactly `measuredTarget` from t = 0 on. */
function poissonInbound(ratePerSecond: number, seed: number, measuredTarget: number): OperationSource {
  const rng = createRng(seed, 99);
  let atUs = -(WARMUP_ARRIVALS / ratePerSecond) * 1e6;
  let n = 0;
  let measured = 0;
  return {
    next(): PlannedOp | undefined {
      if (measured >= measuredTarget) return undefined;
      atUs += (-Math.log(rng.nextOpenDouble()) / ratePerSecond) * 1e6;
      n += 1;
      const rounded = Math.round(atUs);
      if (rounded >= 0) measured += 1;
      return {
        atUs: rounded,
        kind: 'inbound',
        shape: 'general-chatbot',
        userId: n,
        conversationId: n,
        seq: 0,
        chars: 10,
      };
    },
  };
}

function scenarioFor(seed: number): ResolvedScenario {
  const mock = resolveMockSettings({
    seed,
    enforceThroughput: false,
    pairRate: { enabled: false },
    webhooks: { enabled: false },
    capacity: {
      slots: SLOTS,
      queueLimit: 1_000_000,
      serviceTimeMs: { inbound: { dist: 'exponential', mean: MEAN_SERVICE_MS } },
    },
  });
  return { ...scenarioFixture({ users: 1, durationUs: 3_600_000_000, seed }), mock };
}

describe('sim engine vs Erlang C (M/M/c, c = 8, exponential service 10 ms)', () => {
  for (const rho of [0.5, 0.8, 0.9]) {
    test(`ρ = ${rho}: mean, p90 and p99 of the sojourn inside the 99 % band of ${REPLICATIONS} replications of ${measuredArrivals(rho)} arrivals`, () => {
      const rate = (rho * SLOTS * 1000) / MEAN_SERVICE_MS;
      const exact = estimateQueue(SLOTS, rate, {
        components: [{ weight: 1, dist: { dist: 'exponential', mean: MEAN_SERVICE_MS } }],
      });
      const stats = { mean: [] as number[], p90: [] as number[], p99: [] as number[] };
      for (let r = 0; r < REPLICATIONS; r++) {
        const seed = 1_000 * rho + r;
        const sim = new ClusterSim({
          scenario: scenarioFor(seed),
          cluster: 0,
          clusters: 1,
          cells: [],
          source: poissonInbound(rate, seed, measuredArrivals(rho)),
        });
        sim.advanceTo(Number.POSITIVE_INFINITY);
        expect(sim.done).toBe(true);
        sim.borrowInterval(0, () => {});
        // In sim the latency is the platform's sojourn (queue + service).
        const sojourn = sim.totals().get('general-chatbot/inbound')!.latency;
        expect(sojourn.totalCount).toBe(measuredArrivals(rho));
        stats.mean.push(sojourn.mean / 1000);
        stats.p90.push(sojourn.getValueAtPercentile(90) / 1000);
        stats.p99.push(sojourn.getValueAtPercentile(99) / 1000);
      }
      for (const [name, values, expected] of [
        ['mean', stats.mean, exact.meanSojournMs],
        ['p90', stats.p90, exact.sojournQuantileMs(0.9)],
        ['p99', stats.p99, exact.sojournQuantileMs(0.99)],
      ] as const) {
        const band = meanInterval(values, 0.99);
        expect(
          expected,
          `${name}: Erlang C ${expected.toFixed(3)} ms vs replications ${band.mean.toFixed(3)} [${band.low.toFixed(3)}, ${band.high.toFixed(3)}]`,
        ).toBeGreaterThanOrEqual(band.low);
        expect(expected).toBeLessThanOrEqual(band.high);
        // The band is narrow enough to mean something (widest at ρ = 0.9, where sojourns correlate longest). within 10 % of the exact value.
        // The band is narrow enough to mean something (widest at ρ = 0.9, where sojourns correlate longest).
        expect((band.high - band.low) / expected).toBeLessThan(0.5);
      }
    });
  }
});
