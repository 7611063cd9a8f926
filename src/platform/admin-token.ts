import { timingSafeEqual } from 'node:crypto';

/**
 * The admin token of the mock's /_sim/ routes (decision 0013): needed off loopback, sent by
 * the load generator and `chatload run --target` in this header, read from this variable.
 */
export const ADMIN_TOKEN_HEADER = 'x-chatload-admin-token';
export const ADMIN_TOKEN_ENV = 'CHATLOAD_ADMIN_TOKEN';

/** Constant-time comparison of a presented token with the expected one. */
export function adminTokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
