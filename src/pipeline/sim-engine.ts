import os from 'node:os';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { runClusters } from '../sim/sim-coordinator.js';
import { virtualEpochMs } from '../sim/sim-scenario.js';
import { formatDurationUs } from '../units.js';
import type { Engine, EngineHooks, EngineOutcome } from './engine.js';

/** Which clusters a run plays: all, or a sim shard's whole clusters i, i + N, … (decision 0004). */
export function clustersOf(clusterCount: number, shard?: { readonly index: number; readonly count: number }): number[] {
  const all = Array.from({ length: clusterCount }, (_, c) => c);
  return shard === undefined ? all : all.filter((c) => c % shard.count === shard.index);
}

export const SIM_NOTE =
  'sim: virtual time against the platform model — latency is the platform sojourn (queue + service, plus any fault hold), service the slot time; no HTTP, no generator lateness; bytes received are modelled from the answers the mock would send';

/** The virtual-time engine: the plan against PlatformCore, clusters on threads, exact merges. */
export function simEngine(options: { readonly threads?: number; readonly shard?: { readonly index: number; readonly count: number }; readonly notes?: readonly string[]; readonly threadHeapMiB?: number } = {}): Engine {
  return {
    kind: 'sim',
    async run(scenario: ResolvedScenario, hooks: EngineHooks): Promise<EngineOutcome> {
      const clusterCount = scenario.mock.clusters;
      const clusters = clustersOf(clusterCount, options.shard);
      const threads = Math.max(1, Math.min(options.threads ?? os.availableParallelism(), clusters.length));
      const epochMs = virtualEpochMs(scenario);
      hooks.log(
        `chatload sim: ${scenario.name} — ${scenario.users.toLocaleString('en-US')} users, ${formatDurationUs(scenario.durationUs)} of virtual time from ` +
          `${new Date(epochMs).toISOString()}, ${clusters.length} of ${clusterCount} cluster${clusterCount === 1 ? '' : 's'} on ${threads} thread${threads === 1 ? '' : 's'}`,
      );
      hooks.onStart(epochMs);
      const outcome = await runClusters({ scenario, clusters, clusterCount, threads, interrupt: hooks.interrupt, onIntervalClosed: hooks.onIntervalClosed, ...(options.threadHeapMiB === undefined ? {} : { threadHeapMiB: options.threadHeapMiB }) });
      const warnings = outcome.interrupted ? ['interrupted: the simulation stopped early; what was simulated up to then is written'] : [];
      return {
        series: outcome.series,
        elapsedUs: outcome.interrupted ? Math.max(1, outcome.lastEventUs) : Math.max(scenario.durationUs, outcome.lastEventUs),
        interrupted: outcome.interrupted,
        epochMs,
        workers: outcome.threads,
        target: null,
        platformStats: outcome.platformStats,
        webhooks: outcome.webhooks,
        warnings,
        notes: [SIM_NOTE, ...(options.notes ?? [])],
      };
    },
  };
}
