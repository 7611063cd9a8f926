import { CAPACITY_SCHEMA_VERSION, type CapacityJson, type CapacityStep, perPlatformUnit } from '../../../src/report/capacity-schema.js';

/** A measured step that passed or failed an `errors<1%` SLO (the numbers only have to be consistent). */
export function capacityStep(index: number, users: number, pass: boolean, interrupted = false): CapacityStep {
  return {
    index,
    users,
    phase: index === 1 ? 'start' : 'grow',
    dir: `step-0${index}-users-${users}`,
    pass: pass && !interrupted,
    interrupted,
    measuredSeconds: 10,
    offeredOpsPerSecond: users / 100,
    completedOpsPerSecond: users / 100,
    goodOpsPerSecond: users / 100,
    errorShare: pass ? 0 : 0.05,
    errorsByCode: pass ? {} : { '130429': users },
    latencyP99Us: 12_000,
    slos: [{ source: 'errors<1%', actual: pass ? 0 : 5, unit: '%', pass, detail: `errors was ${pass ? 0 : 5}%` }],
  };
}

/** A finished (or stopped) search of the scenario "smoke" under `seed` that ran `steps` and ended `end`. */
export function capacitySearch(seed: number, end: CapacityJson['end'], steps: readonly CapacityStep[]): CapacityJson {
  const measured = steps.filter((s) => !s.interrupted);
  const fails = measured.filter((s) => !s.pass).map((s) => s.users);
  const failedAt = fails.length > 0 ? Math.min(...fails) : null;
  const passes = measured.filter((s) => s.pass && (failedAt === null || s.users < failedAt)).map((s) => s.users);
  const knee = passes.length > 0 ? Math.max(...passes) : null;
  const platform = { slots: 64, queueLimit: 10_000, throughputPerSecond: 80 };
  return {
    schemaVersion: CAPACITY_SCHEMA_VERSION,
    kind: 'capacity',
    toolVersion: 'test',
    startedAt: '2025-01-01T00:00:00.000Z',
    scenario: { name: 'smoke', source: 'scenarios/smoke.yaml', shapes: ['customer-service'], seed },
    slos: ['errors<1%'],
    settings: { startUsers: 1000, growth: 2, resolution: 0.1, maxSteps: 6, warmupSeconds: 2, stepDurationSeconds: 10 },
    warmupMethod: 'test',
    platform,
    steps: [...steps],
    end,
    ...(end === 'generator-bound' ? { generatorBound: { users: 8000, phase: 'grow' as const, reasons: ['beyond the test machine'] } } : {}),
    knee,
    failedAt,
    ...perPlatformUnit(knee, platform),
  };
}

/** A search that bracketed its knee: `knee` passed, `failedAt` failed. */
export const bracketed = (seed: number, knee: number, failedAt: number): CapacityJson =>
  capacitySearch(seed, 'converged', [capacityStep(1, knee, true), capacityStep(2, failedAt, false)]);
