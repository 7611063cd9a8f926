import { type Static, Type } from '@sinclair/typebox';

/**
 * A random variable as scenario data. One schema gives both the YAML shape and the
 * TypeScript type; `traffic/distributions.ts` turns it into a sampler and checks the
 * parameters that a schema cannot (p90 above the median, weights summing to > 0).
 */
const Num = Type.Number();
const Pos = Type.Number({ exclusiveMinimum: 0 });

export const DistributionSchema = Type.Union([
  Type.Object({ dist: Type.Literal('constant'), value: Num }, { additionalProperties: false }),
  Type.Object({ dist: Type.Literal('uniform'), min: Num, max: Num }, { additionalProperties: false }),
  Type.Object({ dist: Type.Literal('exponential'), mean: Pos }, { additionalProperties: false }),
  Type.Object(
    {
      dist: Type.Literal('lognormal'),
      /** By median and p90 (the way the research tables state them) … */
      median: Type.Optional(Pos),
      p90: Type.Optional(Pos),
      /** … or by the underlying normal's μ and σ. */
      mu: Type.Optional(Num),
      sigma: Type.Optional(Type.Number({ minimum: 0 })),
      /** Optional cap (e.g. an API size limit); values above are clamped. */
      max: Type.Optional(Pos),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      dist: Type.Literal('geometric'),
      /** Mean of the variable, which starts at `min` (default 1). */
      mean: Pos,
      min: Type.Optional(Type.Integer({ minimum: 0 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      dist: Type.Literal('pareto'),
      /** Scale x_m (the minimum) and shape α; `max` makes it a bounded Pareto. */
      scale: Pos,
      shape: Pos,
      max: Type.Optional(Pos),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      dist: Type.Literal('empirical'),
      /** Discrete table: `values[i]` is drawn with probability weights[i] / Σ weights. */
      values: Type.Array(Num, { minItems: 1 }),
      weights: Type.Array(Type.Number({ minimum: 0 }), { minItems: 1 }),
    },
    { additionalProperties: false },
  ),
]);

export type Distribution = Static<typeof DistributionSchema>;
