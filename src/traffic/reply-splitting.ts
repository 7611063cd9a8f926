import type { Distribution } from '../scenario/distribution-schema.js';
import { survivalFunctionOf } from './distributions.js';

/**
 * How a reply of L characters becomes WhatsApp messages (§3.6). Two modes seen in public bot
 * code: split only when the text exceeds the 4,096-char body limit [S10], or cut into
 * paragraph chunks of at most `chunkChars` [S26]. Paragraph boundaries are not modelled: a
 * chunker packing paragraphs into ≤ c chars needs at least ⌈L / c⌉ messages, and ⌈L / c⌉ is
 * what §3.6's arithmetic (1.057 and 2.546 messages per reply) uses.
 */

/** Split at the limit: full `limitChars` parts, then the remainder. */
export function splitAtLimit(chars: number, limitChars: number): number[] {
  const parts: number[] = [];
  let left = chars;
  while (left > limitChars) {
    parts.push(limitChars);
    left -= limitChars;
  }
  parts.push(left);
  return parts;
}

/** ⌈chars / chunkChars⌉ chunks of near-equal length (paragraph-sized pieces). */
export function chunkEvenly(chars: number, chunkChars: number): number[] {
  const count = Math.max(1, Math.ceil(chars / chunkChars));
  const base = Math.floor(chars / count);
  const longer = chars - base * count;
  return Array.from({ length: count }, (_, i) => (i < longer ? base + 1 : base));
}

/**
 * E[⌈L / c⌉] for a reply length L ~ d: Σ_{k ≥ 0} P(L > k·c). Exact for a continuous L; the
 * plan rounds L to whole chars, which moves this by far less than a percent.
 */
export function expectedPartsPerReply(d: Distribution, partChars: number): number {
  // Sensitivity runs evaluate the same (frozen or shared) distribution thousands of times.
  let byPart = partsCache.get(d);
  if (byPart === undefined) {
    byPart = new Map();
    partsCache.set(d, byPart);
  }
  const cached = byPart.get(partChars);
  if (cached !== undefined) return cached;
  const value = sumOfTail(d, partChars);
  byPart.set(partChars, value);
  return value;
}

const partsCache = new WeakMap<Distribution, Map<number, number>>();

function sumOfTail(d: Distribution, partChars: number): number {
  const survival = survivalFunctionOf(d);
  let sum = 0;
  for (let k = 0; k < 100_000; k += 1) {
    const tail = survival(k * partChars);
    sum += tail;
    if (tail < 1e-12) break;
  }
  return sum;
}
