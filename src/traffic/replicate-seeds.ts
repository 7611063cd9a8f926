import { createRng, STREAM } from './rng.js';

/**
 * Seeds of replicates (`--replicates N` of sim, capacity and study): replicate 0 is the base seed
 * itself, so one replicate is the plain run; replicate r ≥ 1 is drawn from (base seed, r) by the
 * hashed seeding of rng.ts, so replicate r's seed never depends on how many replicates were asked
 * for, and a study that adds replicates keeps the ones it has.
 */

/** Largest seed a scenario accepts (scenario-schema.ts). */
export const MAX_SEED = 2 ** 31 - 1;

/** The seed of replicate `index` (0-based) of a run seeded `baseSeed`. */
export function replicateSeed(baseSeed: number, index: number): number {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`replicate index must be a whole number ≥ 0, got ${index}`);
  if (index === 0) return baseSeed;
  return createRng(baseSeed, STREAM.replicates, index).nextInt(0, MAX_SEED);
}

/**
 * The first `count` replicate seeds, all different: a draw that repeats an earlier seed (odds
 * about count² / 2³²) is replaced by the next index's, so replicates are always distinct runs.
 */
export function replicateSeeds(baseSeed: number, count: number): number[] {
  const seeds: number[] = [];
  const seen = new Set<number>();
  for (let index = 0; seeds.length < count; index += 1) {
    const seed = replicateSeed(baseSeed, index);
    if (seen.has(seed)) continue;
    seen.add(seed);
    seeds.push(seed);
  }
  return seeds;
}
