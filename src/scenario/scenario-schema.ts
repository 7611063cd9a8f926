import { type Static, Type } from '@sinclair/typebox';
import { MockSettingsSchema } from './mock-schema.js';
import { TrafficSchema } from './traffic-schema.js';

/**
 * A scenario file, as one TypeBox schema: it gives the YAML its shape, the TypeScript
 * types and the defaults. Durations are strings ("30s", "1m") parsed by units.ts.
 */
const DurationText = Type.Union(
  [Type.String({ pattern: '^\\s*\\d+(\\.\\d+)?\\s*(us|µs|ms|s|m|h|d)?\\s*$' }), Type.Number({ minimum: 0 })],
  {
    description: 'a duration such as 30s, 2m or 500ms',
  },
);

export const ScenarioSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    seed: Type.Integer({ default: 1, minimum: 0, maximum: 2 ** 31 - 1 }),
    duration: Type.Optional(DurationText),
    /** Enrolled users: the population the shapes' activity shares apply to. */
    users: Type.Integer({ minimum: 1 }),
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
        dayIn: Type.Optional(DurationText),
        /**
         * Start conversations this long before the run, so it begins in steady state instead of
         * with an empty platform. `auto` (the default): the 99.9th percentile of the conversation
         * span, computed from the traffic model; 0 starts empty.
         */
        preRoll: Type.Optional(Type.Union([Type.Literal('auto'), DurationText], { description: 'auto, or a duration such as 10m' })),
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
        interval: Type.Optional(DurationText),
        /** The summary warns when generator lateness p99 exceeds this. */
        latenessWarn: Type.Optional(DurationText),
        /** Requests slower than this are abandoned and counted as timeouts. */
        requestTimeout: Type.Optional(DurationText),
      },
      { additionalProperties: false, default: {} },
    ),
    thresholds: Type.Array(Type.String(), { default: [] }),
  },
  { additionalProperties: false },
);

export type ScenarioInput = Static<typeof ScenarioSchema>;
