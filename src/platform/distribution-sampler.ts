import type { Distribution } from '../scenario/distribution-schema.js';
import { createSampler } from '../traffic/distributions.js';
import { createRng, type Rng } from '../traffic/rng.js';

/**
 * The platform's seeded [0, 1) streams and zero-argument samplers over traffic's distributions,
 * so service times and webhook delays are reproducible and a test can inject the draws.
 */
export type Uniform01 = () => number;
export type Sampler = () => number;

/**
 * A [0, 1) stream from a seed. The state comes from traffic's hashed seeding: xoroshiro128+
 * seeded directly with a small integer gives poorly mixed first outputs (seed 1 made the first
 * service time a 6.7 σ lognormal draw: 6 s instead of tens of ms).
 */
export function seededUniform(seed: number): Uniform01 {
  const rng = createRng(seed, 0x5e71ce);
  return () => rng.nextDouble();
}

/** traffic's Rng interface over an injected [0, 1) source, so tests can still script the draws. */
function rngOf(random: Uniform01): Rng {
  return {
    nextDouble: random,
    nextOpenDouble: () => {
      let u = random();
      while (u === 0) u = random();
      return u;
    },
    nextInt: (min, max) => min + Math.floor(random() * (max - min + 1)),
    chance: (p) => random() < p,
  };
}

/**
 * A sampler of a scenario distribution (service times, webhook delays), in the distribution's
 * unit. One implementation serves traffic and platform: traffic/distributions.ts, which checks
 * the parameters (p90 above the median, …) and samples by inverse CDF.
 */
export function makeSampler(dist: Distribution, random: Uniform01): Sampler {
  const sample = createSampler(dist);
  const rng = rngOf(random);
  return () => sample(rng);
}
