import type { MockSettings } from './mock-schema.js';
import type { ResolvedMixEntry } from './traffic-schema.js';

/**
 * A scenario after validation: every default filled, durations in µs, deep-frozen.
 * Everything downstream (traffic plan, load, sim, reports) works on this type only.
 */
export interface ResolvedScenario {
  readonly name: string;
  readonly description: string | undefined;
  /** File it came from, when it came from a file. */
  readonly source: string | undefined;
  readonly seed: number;
  readonly durationUs: number;
  readonly users: number;
  readonly workers: number | 'auto';
  readonly target: 'embedded' | string;
  readonly clock: {
    readonly startHour: number;
    /** Real time a whole 24-hour day takes in this run; equal to one day when not compressed. */
    readonly dayInUs: number;
    /**
     * Conversations start this long before the run so it begins in steady state (0 = empty start);
     * `auto` = the conversation span's 99.9th percentile, computed by traffic/steady-state.ts
     * `preRollUsOf` (use it rather than reading this field).
     */
    readonly preRollUs: number | 'auto';
    readonly day: 'weekday' | 'weekend';
  };
  readonly traffic: { readonly mix: readonly ResolvedMixEntry[] };
  readonly mock: MockSettings;
  readonly load: {
    readonly connectionsPerWorker: number;
    readonly intervalUs: number;
    /** Whether the file or a flag set the interval (the sim picks its own otherwise: decision 0006). */
    readonly intervalSet: boolean;
    readonly latenessWarnUs: number;
    readonly requestTimeoutUs: number;
  };
  readonly thresholds: readonly string[];
}

/** Values a user may set on the command line; they win over the scenario file. */
export interface ScenarioOverrides {
  readonly users?: number;
  readonly duration?: string;
  readonly workers?: number;
  readonly target?: string;
  readonly seed?: number;
  readonly dayIn?: string;
  readonly startHour?: number;
  readonly preRoll?: string;
  readonly thresholds?: readonly string[];
  /**
   * The option that set a value, when it is not the flag of the same name (capacity's step
   * duration comes from --warmup and --step-duration): problems with it are reported against it.
   */
  readonly flags?: Readonly<Partial<Record<Exclude<keyof ScenarioOverrides, 'flags'>, string>>>;
}
