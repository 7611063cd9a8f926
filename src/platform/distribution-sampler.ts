import type { Distribution } from '../scenario/distribution-schema.js';
import { createRng } from '../traffic/rng.js';

/**
 * Samplers for scenario distributions, seeded with pure-rand, so the platform's service
 * times are reproducible (a later traffic/ sampler may replace this one).
 */
export type Uniform01 = () => number;
export type Sampler = () => number;

const Z90 = 1.2815515655446004; // standard normal 90th percentile

/**
 * A [0, 1) stream from a seed. The state comes from traffic's hashed seeding: xoroshiro128+
 * seeded directly with a small integer gives poorly mixed first outputs (seed 1 made the first
 * service time a 6.7 σ lognormal draw: 6 s instead of tens of ms).
 */
export function seededUniform(seed: number): Uniform01 {
  const rng = createRng(seed, 0x5e71ce);
  return () => rng.nextDouble();
}

function standardNormal(random: Uniform01): number {
  // Box–Muller; 1 - u keeps log away from 0.
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function makeSampler(dist: Distribution, random: Uniform01): Sampler {
  switch (dist.dist) {
    case 'constant':
      return () => dist.value;
    case 'uniform':
      return () => dist.min + (dist.max - dist.min) * random();
    case 'exponential':
      return () => -dist.mean * Math.log(1 - random());
    case 'lognormal': {
      const mu = dist.mu ?? Math.log(dist.median ?? 1);
      const sigma =
        dist.sigma ??
        (dist.p90 !== undefined && dist.median !== undefined ? Math.log(dist.p90 / dist.median) / Z90 : 0);
      const max = dist.max ?? Number.POSITIVE_INFINITY;
      return () => Math.min(max, Math.exp(mu + sigma * standardNormal(random)));
    }
    case 'geometric': {
      const min = dist.min ?? 1;
      const p = 1 / (dist.mean - min + 1);
      return () => (p >= 1 ? min : min + Math.floor(Math.log(1 - random()) / Math.log(1 - p)));
    }
    case 'pareto': {
      const max = dist.max ?? Number.POSITIVE_INFINITY;
      return () => Math.min(max, dist.scale / (1 - random()) ** (1 / dist.shape));
    }
    case 'empirical': {
      const total = dist.weights.reduce((a, b) => a + b, 0);
      return () => {
        let pick = random() * total;
        for (let i = 0; i < dist.values.length; i++) {
          pick -= dist.weights[i] ?? 0;
          if (pick < 0) return dist.values[i] ?? 0;
        }
        return dist.values[dist.values.length - 1] ?? 0;
      };
    }
  }
}

/** Mean of a distribution where it has a closed form (for capacity arithmetic and docs). */
export function meanOf(dist: Distribution): number | undefined {
  switch (dist.dist) {
    case 'constant':
      return dist.value;
    case 'uniform':
      return (dist.min + dist.max) / 2;
    case 'exponential':
      return dist.mean;
    default:
      return undefined;
  }
}
