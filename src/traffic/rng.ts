import { type RandomGenerator, unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/**
 * Seeded random streams. Every random source of a run (a cell's arrivals, one conversation)
 * gets its own generator, derived from (seed, stream ids) by hashing, so adding or removing
 * one draw somewhere never shifts the numbers drawn elsewhere (SimScript gives each random
 * variable its own seed for the same reason), and any partition of the work draws the same.
 */

/** What a stream is for; the first id of every derived stream, so purposes never collide. */
export const STREAM = {
  arrivals: 1,
  conversation: 2,
  profileSample: 3,
  preRollSample: 4,
  sensitivity: 5,
  /** The platform's streams, one per purpose and per platform cluster (decision 0004). */
  platformService: 7,
  platformWebhooks: 8,
  platformFaults: 9,
  /** Seeds of replicates (`--replicates N`): replicate r of a base seed (replicate-seeds.ts). */
  replicates: 10,
} as const;

export interface Rng {
  /** Uniform double in [0, 1), 53 random bits. */
  nextDouble(): number;
  /** Uniform double in (0, 1): safe to take a logarithm or a normal quantile of. */
  nextOpenDouble(): number;
  /** Uniform integer in [min, max], both included, without modulo bias. */
  nextInt(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
}

const TWO_POW_27 = 134_217_728;
const TWO_POW_53 = 9_007_199_254_740_992;
const GOLDEN = 0x9e3779b9;

/** murmur3's 32-bit finaliser: a bijection that avalanches every input bit. */
function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** The 128-bit xoroshiro state for (seed, ids): a hash chain, then four decorrelated words. */
export function streamState(seed: number, ids: readonly number[]): [number, number, number, number] {
  let h = fmix32(seed ^ GOLDEN);
  for (const id of ids) {
    // ids may exceed 2^32 (arrival indices of long runs): fold the high part in as well.
    const low = id >>> 0;
    const high = Math.floor(id / 2 ** 32) >>> 0;
    h = fmix32(h ^ fmix32(low + GOLDEN));
    h = fmix32(h ^ fmix32(high + 2 * GOLDEN));
  }
  const words: [number, number, number, number] = [0, 0, 0, 0];
  for (let k = 0; k < 4; k += 1) words[k] = fmix32(h + Math.imul(k + 1, GOLDEN));
  // xoroshiro must not start from the all-zero state (it would stay there).
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = GOLDEN;
  return words;
}

class XoroshiroRng implements Rng {
  readonly #generator: RandomGenerator;
  constructor(generator: RandomGenerator) {
    this.#generator = generator;
  }
  nextDouble(): number {
    // xoroshiro128+'s low bits are its weakest: keep the top 26 + 27 bits of two outputs.
    const high = this.#generator.unsafeNext() >>> 6;
    const low = this.#generator.unsafeNext() >>> 5;
    return (high * TWO_POW_27 + low) / TWO_POW_53;
  }
  nextOpenDouble(): number {
    const high = this.#generator.unsafeNext() >>> 6;
    const low = this.#generator.unsafeNext() >>> 5;
    return (high * TWO_POW_27 + low + 0.5) / TWO_POW_53;
  }
  nextInt(min: number, max: number): number {
    return unsafeUniformIntDistribution(min, max, this.#generator);
  }
  chance(p: number): boolean {
    return p > 0 && (p >= 1 || this.nextDouble() < p);
  }
}

/** An independent stream for (seed, ...ids): same inputs, same numbers, on every machine and worker. */
export function createRng(seed: number, ...ids: number[]): Rng {
  return new XoroshiroRng(xoroshiro128plus.fromState(streamState(seed, ids)));
}
