/** Version of capacity.json; bump on any incompatible change, readers check it. */
export const CAPACITY_SCHEMA_VERSION = 1;

export const CAPACITY_FILES = { json: 'capacity.json', csv: 'capacity.csv', html: 'report.html' } as const;

/** One SLO's verdict on one step, measured after the warm-up. */
export interface StepSlo {
  readonly source: string;
  /** Measured value in the SLO's written unit (ms for "…<250ms", % for "…<1%"); null when nothing was measured. */
  readonly actual: number | null;
  readonly unit: string;
  readonly pass: boolean;
  readonly detail: string;
}

/** One measured step of a capacity search. Rates are over the measured (post-warm-up) time. */
export interface CapacityStep {
  /** 1-based, in the order the steps ran. */
  readonly index: number;
  readonly users: number;
  readonly phase: 'start' | 'grow' | 'shrink' | 'bisect';
  /** The step's result directory, relative to the capacity directory. */
  readonly dir: string;
  /** Every SLO passed (false for an interrupted step: it is not a measurement). */
  readonly pass: boolean;
  readonly interrupted: boolean;
  readonly measuredSeconds: number;
  /** Operations sent per second (the load offered to the platform). */
  readonly offeredOpsPerSecond: number;
  /** Operations answered per second (with or without error). */
  readonly completedOpsPerSecond: number;
  /** Operations answered without error per second. */
  readonly goodOpsPerSecond: number;
  readonly errorShare: number;
  /** Whole-step error counts by code (the interval files do not split them by time). */
  readonly errorsByCode: Readonly<Record<string, number>>;
  /** p99 latency of all operations (from the intended send time), µs. */
  readonly latencyP99Us: number;
  readonly slos: readonly StepSlo[];
}

export type CapacityEnd = 'converged' | 'max-steps-bracketed' | 'max-steps-no-fail' | 'no-pass' | 'interrupted' | 'generator-bound';

/** The step a search did not run because this machine's live load generator could not drive it (cli/live-feasibility.ts). */
export interface GeneratorBound {
  readonly users: number;
  readonly phase: CapacityStep['phase'];
  /** What was beyond the machine, in words. */
  readonly reasons: readonly string[];
}

/** What capacity.json holds: everything the capacity report needs, so it can be made again from files. */
export interface CapacityJson {
  readonly schemaVersion: typeof CAPACITY_SCHEMA_VERSION;
  readonly kind: 'capacity';
  readonly toolVersion: string;
  readonly startedAt: string;
  readonly scenario: { readonly name: string; readonly source: string | undefined; readonly shapes: readonly string[]; readonly seed: number };
  readonly slos: readonly string[];
  readonly settings: {
    readonly startUsers: number;
    readonly growth: number;
    readonly resolution: number;
    readonly maxSteps: number;
    readonly warmupSeconds: number;
    readonly stepDurationSeconds: number;
  };
  /** How the warm-up was kept out of the SLO measure, in words. */
  readonly warmupMethod: string;
  readonly platform: { readonly slots: number; readonly queueLimit: number; readonly throughputPerSecond: number };
  readonly steps: readonly CapacityStep[];
  readonly end: CapacityEnd;
  /** Set when the search ended 'generator-bound': the step it could not run (absent in older files). */
  readonly generatorBound?: GeneratorBound;
  /** Largest measured population that met every SLO (below every failing one); null when none did. */
  readonly knee: number | null;
  /** Smallest failing population, when one failed. */
  readonly failedAt: number | null;
  /** knee ÷ service slots, and knee per 80 msg/s of number throughput. */
  readonly usersPerSlot: number | null;
  readonly usersPer80MessagesPerSecond: number | null;
}

/** The platform units a knee is expressed in: per service slot, per 80 msg/s of one number's throughput. */
export function perPlatformUnit(knee: number | null, platform: CapacityJson['platform']): Pick<CapacityJson, 'usersPerSlot' | 'usersPer80MessagesPerSecond'> {
  if (knee === null) return { usersPerSlot: null, usersPer80MessagesPerSecond: null };
  return { usersPerSlot: knee / platform.slots, usersPer80MessagesPerSecond: knee / (platform.throughputPerSecond / 80) };
}
