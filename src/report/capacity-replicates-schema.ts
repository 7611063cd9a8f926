import { type Static, Type } from '@sinclair/typebox';

/**
 * capacity-replicates.json: `capacity --replicates N`, N whole searches under the replicate seeds
 * (decision 0023), each a normal capacity directory `r<NN>-s<seed>/` beside this file, and the
 * knee over the replicates that found one as its mean and 95 % Student-t interval.
 */
export const CAPACITY_REPLICATES_SCHEMA_VERSION = 1;
export const CAPACITY_REPLICATES_FILE = 'capacity-replicates.json';

/** capacity-schema.ts's CapacityEnd, as a schema. */
const CapacityEndSchema = Type.Union([
  Type.Literal('converged'),
  Type.Literal('max-steps-bracketed'),
  Type.Literal('max-steps-no-fail'),
  Type.Literal('no-pass'),
  Type.Literal('interrupted'),
  Type.Literal('generator-bound'),
]);

const MaybeNumber = Type.Union([Type.Number(), Type.Null()]);

export const CapacityReplicateRowSchema = Type.Object({
  /** 0-based; replicate 0 plays the scenario's own seed (or --seed). */
  replicate: Type.Integer({ minimum: 0 }),
  seed: Type.Integer(),
  /** The replicate's capacity directory, relative to this file's directory. */
  dir: Type.String(),
  end: CapacityEndSchema,
  /** Largest passing population below every failing one, as capacity.json says (a lower bound for some ends). */
  knee: MaybeNumber,
  /** Smallest failing population. */
  failedAt: MaybeNumber,
  steps: Type.Integer({ minimum: 0 }),
  /** The search bracketed a knee (converged or max-steps-bracketed), so its knee is in the interval. */
  inInterval: Type.Boolean(),
  /** Why the replicate is left out of the interval, in words; null when it is in. */
  leftOutBecause: Type.Union([Type.String(), Type.Null()]),
});
export type CapacityReplicateRow = Static<typeof CapacityReplicateRowSchema>;

/** Mean and Student-t interval of the knees in the interval; one knee has no interval (null bounds). */
export const KneeIntervalSchema = Type.Object({
  level: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
  n: Type.Integer({ minimum: 0 }),
  mean: MaybeNumber,
  sd: Type.Number({ minimum: 0 }),
  low: MaybeNumber,
  high: MaybeNumber,
});
export type KneeInterval = Static<typeof KneeIntervalSchema>;

export const CapacityReplicatesSchema = Type.Object({
  schemaVersion: Type.Literal(CAPACITY_REPLICATES_SCHEMA_VERSION),
  kind: Type.Literal('capacity-replicates'),
  toolVersion: Type.String(),
  startedAt: Type.String(),
  scenario: Type.Object({ name: Type.String(), source: Type.Union([Type.String(), Type.Null()]), baseSeed: Type.Integer() }),
  slos: Type.Array(Type.String()),
  /** The searches' bisection resolution (0.1 = 10 %): the width of a bracket, not an uncertainty. */
  resolution: Type.Number({ exclusiveMinimum: 0 }),
  /** Replicates asked for; `replicates` holds those that ran (fewer after a Ctrl-C). */
  requested: Type.Integer({ minimum: 1 }),
  interrupted: Type.Boolean(),
  replicates: Type.Array(CapacityReplicateRowSchema),
  knee: KneeIntervalSchema,
  /** What the interval is and is not, in words. */
  method: Type.String(),
});
export type CapacityReplicatesJson = Static<typeof CapacityReplicatesSchema>;
