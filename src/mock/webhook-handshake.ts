import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ChatloadError } from '../errors.js';
import {
  subscriptionChallenge,
  subscriptionProblem,
  subscriptionUrl,
} from '../platform/webhook-signature.js';
import type { MockSettings } from '../scenario/mock-schema.js';
import { META_USER_AGENT } from '../platform/timing-headers.js';

/** How long the bot has to answer the subscription GET. */
const HANDSHAKE_TIMEOUT_MS = 5_000;

/**
 * Subscribes the configured callback URL as Meta's dashboard does (research §5.1): one GET
 * with hub.mode=subscribe, the verify token and a challenge, which the bot must echo with a
 * 200. Throws CHATLOAD_E_WEBHOOK_HANDSHAKE saying what went wrong otherwise.
 */
export async function subscribeWebhook(settings: MockSettings): Promise<void> {
  const callbackUrl = settings.webhooks.url ?? '';
  const challenge = subscriptionChallenge(settings.seed, settings.wabaId);
  let answer: { status: number; body: string };
  try {
    answer = await get(subscriptionUrl(callbackUrl, settings.verifyToken, challenge));
  } catch (error) {
    throw handshakeFailed(callbackUrl, `it could not be reached (${(error as Error).message})`);
  }
  const problem = subscriptionProblem(answer.status, answer.body, challenge);
  if (problem !== undefined) throw handshakeFailed(callbackUrl, problem);
}

function handshakeFailed(url: string, why: string): ChatloadError {
  return new ChatloadError(
    'CHATLOAD_E_WEBHOOK_HANDSHAKE',
    `the webhook at ${url} did not accept the subscription: ${why}. The bot must answer GET ?hub.mode=subscribe&hub.verify_token=<verifyToken>&hub.challenge=<n> with 200 and the challenge as its body (set webhooks.verifyOnStart: false to skip).`,
  );
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      { method: 'GET', headers: { 'user-agent': META_USER_AGENT }, timeout: HANDSHAKE_TIMEOUT_MS },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (body.length < 4096) body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${HANDSHAKE_TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end();
  });
}
