import { type Static, Type } from '@sinclair/typebox';
import { US_PER_DAY, US_PER_HOUR, US_PER_MS, US_PER_SECOND } from '../units.js';
import { Duration, type DurationRange } from './duration-schema.js';
import { MockSettingsSchema } from './mock-schema.js';
import { TrafficSchema } from './traffic-schema.js';

/**
 * A scenario file, as one TypeBox schema: it gives the YAML its shape, the TypeScript
 * types, the defaults and the bounds. Durations are strings ("30s", "1m") parsed by units.ts,
 * each with the range chatload can honour (duration-schema.ts).
 */

/** The longest run and pre-roll: a month, far beyond any live run, enough for a simulated one. */
const MAX_RUN_US = 30 * US_PER_DAY;
/**
 * Enrolled users at most: the reach of simulated ids (decision 0005: wa_ids hold 11 digits);
 * whether a live run can drive a population is judged separately (cli/live-feasibility.ts).
 */
export const MAX_USERS = 10_000_000_000;

/** A run's length when the scenario gives none. */
export const DEFAULT_DURATION = '30s';

export const DURATION_RANGES = {
  duration: { minUs: US_PER_MS, maxUs: MAX_RUN_US },
  /** Below a second a played day multiplies arrival rates by more than 86,400. */
  dayIn: { minUs: US_PER_SECOND, maxUs: MAX_RUN_US },
  preRoll: { minUs: 0, maxUs: MAX_RUN_US },
  /** Snapshots more often than 10 ms cost more than they show; also bounded by the run's duration. */
  interval: { minUs: 10 * US_PER_MS, maxUs: US_PER_HOUR },
  latenessWarn: { minUs: 1, maxUs: 60 * US_PER_SECOND },
  requestTimeout: { minUs: US_PER_MS, maxUs: 10 * 60 * US_PER_SECOND },
} as const satisfies Record<string, DurationRange>;

export const ScenarioSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    seed: Type.Integer({ default: 1, minimum: 0, maximum: 2 ** 31 - 1 }),
    duration: Type.Optional(Duration(DURATION_RANGES.duration, '30s or 2m')),
    /** Enrolled users: the population the shapes' activity shares apply to. */
    users: Type.Integer({ minimum: 1, maximum: MAX_USERS }),
    /** Worker threads; "auto" = cores − 1, at least 1. */
    workers: Type.Union([Type.Integer({ minimum: 1, maximum: 64 }), Type.Literal('auto')], {
      default: 'auto',
      description: '"auto" or an integer from 1 to 64',
    }),
    /** "embedded" starts the mock on a free loopback port; a URL points at another server. */
    target: Type.String({ default: 'embedded', minLength: 1 }),
    clock: Type.Object(
      {
        /** Local hour of day (0–24) at which the run starts. */
        startHour: Type.Number({ default: 10, minimum: 0, maximum: 24 }),
        /** Play a whole day in this time (e.g. "1m"): arrival rates and the hourly curve scale by day ÷ dayIn. */
        dayIn: Type.Optional(Duration(DURATION_RANGES.dayIn, '1m or 4m')),
        /**
         * Start conversations this long before the run, so it begins in steady state instead of
         * with an empty platform. `auto` (the default): the 99.9th percentile of the conversation
         * span, computed from the traffic model; 0 starts empty.
         */
        preRoll: Type.Optional(Type.Union([Type.Literal('auto'), Duration(DURATION_RANGES.preRoll, '10m')], { description: 'auto, or a duration such as 10m' })),
        /** Which kind of day is played: weekday (factor 1) or weekend (the shape's weekend factor). */
        day: Type.Union([Type.Literal('weekday'), Type.Literal('weekend')], { default: 'weekday' }),
      },
      { additionalProperties: false, default: {} },
    ),
    traffic: TrafficSchema,
    mock: Type.Optional(MockSettingsSchema),
    load: Type.Object(
      {
        /** Connections per worker to the target. */
        connectionsPerWorker: Type.Integer({ default: 64, minimum: 1, maximum: 4096 }),
        /** Snapshot interval for progress, timeseries and the interval log. */
        interval: Type.Optional(Duration(DURATION_RANGES.interval, '1s')),
        /** The summary warns when generator lateness p99 exceeds this. */
        latenessWarn: Type.Optional(Duration(DURATION_RANGES.latenessWarn, '5ms')),
        /** Requests slower than this are abandoned and counted as timeouts. */
        requestTimeout: Type.Optional(Duration(DURATION_RANGES.requestTimeout, '30s')),
      },
      { additionalProperties: false, default: {} },
    ),
    thresholds: Type.Array(Type.String(), { default: [] }),
  },
  { additionalProperties: false },
);

export type ScenarioInput = Static<typeof ScenarioSchema>;
