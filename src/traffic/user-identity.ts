import type { ShapeName } from './operation.js';
import { assignShapes, type ShapeBlock } from './population.js';

/**
 * Who a phone number belongs to. The load generator addresses user u as `waIdOf(u)`; the
 * webhook receiver reads wa_ids back out of the platform's payloads and needs u and u's shape,
 * so both directions live here, next to the shape assignment they rely on.
 */

const WA_ID_PREFIX = '1555';
/** 11 digits (decision 0005): 1555 + 11 = 15, the E.164 maximum; populations up to 10¹¹ − 1. */
const USER_DIGITS = 11;
const WA_ID_BASE = 1555 * 10 ** USER_DIGITS;

/** A user's phone number as digits: stable per user index, in a fictitious +1 555 range. */
export const waIdOf = (userId: number): string =>
  `${WA_ID_PREFIX}${String(userId).padStart(USER_DIGITS, '0')}`;

/** The platform's numeric key of user u: the value of `waIdOf(u)` (exact, below 2⁵³). */
export const userKeyOf = (userId: number): number => WA_ID_BASE + userId;

/** The user id behind a wa_id made by `waIdOf`, or undefined for any other number. */
export function userIdOfWaId(waId: string): number | undefined {
  if (waId.length !== WA_ID_PREFIX.length + USER_DIGITS || !waId.startsWith(WA_ID_PREFIX)) return undefined;
  let userId = 0;
  for (let i = WA_ID_PREFIX.length; i < waId.length; i++) {
    const digit = waId.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    userId = userId * 10 + digit;
  }
  return userId;
}

/** Maps a wa_id to the shape of its user's mix entry: the inverse of waIdOf + assignShapes. */
export type ShapeOfWaId = (waId: string) => ShapeName | undefined;

export function shapeResolver(
  users: number,
  mix: readonly { readonly shape: ShapeName; readonly weight: number }[],
): ShapeOfWaId {
  const blocks: readonly ShapeBlock[] = assignShapes(
    users,
    mix.map((entry) => entry.weight),
  );
  // Block ends in ascending order; a linear scan is fine for the handful of mix entries.
  return (waId) => {
    const userId = userIdOfWaId(waId);
    if (userId === undefined) return undefined;
    for (const block of blocks) {
      if (userId >= block.firstUserId && userId < block.firstUserId + block.userCount)
        return mix[block.mixIndex]?.shape;
    }
    return undefined;
  };
}
