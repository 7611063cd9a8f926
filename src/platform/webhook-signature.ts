import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signing (research §5.2): `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(appSecret, raw body)>`.
 * Receivers such as whatsapp-api-js verify against the body with non-ASCII escaped as \uXXXX,
 * which implies Meta sends it escaped, so the platform serialises that way and signs those bytes.
 */
const NON_ASCII = /[\u0080-\uffff]/g;

export function escapeNonAscii(json: string): string {
  return json.replace(NON_ASCII, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The exact bytes to POST: JSON with non-ASCII as \uXXXX (surrogate pairs come out as two escapes). */
export function serializeWebhookBody(payload: unknown): string {
  return escapeNonAscii(JSON.stringify(payload));
}

export function signatureHeader(rawBody: string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody, 'utf8').digest('hex')}`;
}

/** Receiver-side check of a signature header, in constant time. */
export function verifySignature(rawBody: string, header: string | undefined, appSecret: string): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signatureHeader(rawBody, appSecret));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export type SubscriptionAnswer =
  | { readonly ok: true; readonly challenge: string }
  | { readonly ok: false; readonly reason: string };

/**
 * The GET verification handshake (research §5.1): answer 200 with the raw `hub.challenge` when
 * `hub.mode` is "subscribe" and `hub.verify_token` matches, anything else is refused.
 */
export function verifyWebhookSubscription(
  query: Readonly<Record<string, unknown>>,
  verifyToken: string,
): SubscriptionAnswer {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe') return { ok: false, reason: 'hub.mode must be "subscribe"' };
  if (typeof token !== 'string' || token !== verifyToken)
    return { ok: false, reason: 'hub.verify_token does not match' };
  if (typeof challenge !== 'string' || challenge.length === 0)
    return { ok: false, reason: 'hub.challenge is missing' };
  return { ok: true, challenge };
}

/**
 * The challenge the platform sends when it subscribes a callback URL: a number, as Meta's are
 * (research §5.1), derived from the seed and the WABA so runs are repeatable.
 */
export function subscriptionChallenge(seed: number, wabaId: string): string {
  const digest = createHmac('sha256', 'chatload-subscription').update(`${seed}:${wabaId}`).digest();
  return String(1_000_000_000 + (digest.readUInt32BE(0) % 1_000_000_000));
}

/** The GET a subscription sends: `hub.mode=subscribe`, the verify token and the challenge, on the callback URL. */
export function subscriptionUrl(callbackUrl: string, verifyToken: string, challenge: string): string {
  const url = new URL(callbackUrl);
  url.searchParams.set('hub.mode', 'subscribe');
  url.searchParams.set('hub.challenge', challenge);
  url.searchParams.set('hub.verify_token', verifyToken);
  return url.toString();
}

/** Why the callback's answer does not subscribe it, or undefined: it must be a 200 whose body is the challenge. */
export function subscriptionProblem(status: number, body: string, challenge: string): string | undefined {
  if (status !== 200) return `it answered HTTP ${status} (the verify token may not match)`;
  if (body.trim() !== challenge)
    return `it answered 200 but did not echo hub.challenge (${challenge}): got ${JSON.stringify(body.slice(0, 60))}`;
  return undefined;
}
