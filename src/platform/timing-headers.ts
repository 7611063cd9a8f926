/**
 * Headers chatload adds on the wire so each side can time what the other did, on the host's
 * monotonic clock in µs (CLOCK_MONOTONIC: the same in every thread and process of one machine).
 * Real Cloud-API clients ignore them.
 */

/** On an API answer: the platform's sojourn (queue + service) for the call, so live runs compare with sim. */
export const SOJOURN_HEADER = 'x-chatload-sojourn-us';
/** On a webhook POST: when the platform wrote it. */
export const SENT_AT_HEADER = 'x-chatload-sent-at-us';
/** On a webhook POST: each update's origin (the user's message reaching the platform, or the business message's acceptance). */
export const ORIGIN_HEADER = 'x-chatload-origin-us';
/** The user agent of Meta's webhook POSTs (research §5). */
export const META_USER_AGENT = 'facebookexternalua';
