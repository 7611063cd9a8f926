import { maskScenarioSecrets } from '../scenario/mask-secrets.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { planFingerprint } from '../traffic/plan-fingerprint.js';

/**
 * Reads summary.json v1 (chatload 0.1.0) as v2 (decision 0003), so baselines stored before the
 * format change keep working: engine `live`, the epoch from `startedAt`, secrets masked, the
 * plan fingerprint computed from the stored scenario; v1's untyped platform statistics are not
 * carried (a note says so). Fields v2 does not know are dropped. The caller validates the result.
 */
export function upgradeV1Summary(v1: Record<string, unknown>): Record<string, unknown> {
  const scenario = v1.scenario as ResolvedScenario;
  const startedAt = typeof v1.startedAt === 'string' ? Date.parse(v1.startedAt) : Number.NaN;
  return {
    schemaVersion: 2,
    runId: v1.runId,
    engine: 'live',
    epochMs: Number.isNaN(startedAt) ? 0 : startedAt,
    elapsedSeconds: v1.elapsedSeconds,
    plannedDurationSeconds: v1.plannedDurationSeconds,
    interrupted: v1.interrupted,
    partial: false,
    workers: v1.workers,
    target: v1.target,
    scenario: looksLikeScenario(scenario) ? maskScenarioSecrets(scenario) : scenario,
    planFingerprint: looksLikeScenario(scenario) ? planFingerprint(scenario) : 'unknown (summary v1)',
    shard: null,
    intervalSeconds: v1.intervalSeconds,
    series: v1.series,
    thresholds: v1.thresholds,
    platformStats: null,
    webhooks: v1.webhooks ?? {
      measured: false,
      note: 'not recorded (summary.json v1 before webhooks were measured)',
      delayFrom: null,
      posts: 0,
      bytes: 0,
      rejectedPosts: 0,
      malformedPosts: 0,
      shapes: [],
      total: null,
    },
    warnings: v1.warnings ?? [],
    notes: [
      'read from summary.json v1 (chatload 0.1.0): platform statistics not carried; machine and tool version were in the v1 file',
    ],
  };
}

function looksLikeScenario(value: unknown): value is ResolvedScenario {
  const s = value as Partial<ResolvedScenario> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.seed === 'number' &&
    typeof s.mock === 'object' &&
    Array.isArray(s.traffic?.mix)
  );
}
