import type { FastifyReply } from 'fastify';
import type { PlatformError } from '../platform/error-catalogue.js';
import type { PlatformModel } from '../platform/platform-model.js';
import type { MockSettings } from '../scenario/mock-schema.js';
import { usToMs } from '../units.js';
import { SOJOURN_HEADER } from '../platform/timing-headers.js';
import type { DeliveryStats } from './delivery-stats.js';
import type { WebhookDelivery } from './webhook-delivery.js';

/** What every route of the mock shares: settings, the platform, delivery counters, the clock. */
export interface MockContext {
  readonly settings: MockSettings;
  readonly platform: PlatformModel;
  readonly delivery: WebhookDelivery | undefined;
  readonly deliveryStats: DeliveryStats;
  readonly nowUs: () => number;
  /** When the mock started, on its clock. */
  readonly startedAtUs: number;
  /** `Bearer <accessToken>`, built once so the auth check is one string compare. */
  readonly bearer: string;
}

const JSON_TYPE = 'application/json; charset=UTF-8';

/** Sends a JSON answer, held first when a stall or latency spike is running. */
export function sendJson(
  ctx: MockContext,
  reply: FastifyReply,
  status: number,
  body: object,
  sojournUs?: number,
): void {
  const holdUs = ctx.platform.core.holdUs(ctx.nowUs());
  const payload = JSON.stringify(body);
  const send = () => {
    reply.code(status).header('content-type', JSON_TYPE);
    if (sojournUs !== undefined) reply.header(SOJOURN_HEADER, String(sojournUs));
    reply.send(payload);
  };
  if (holdUs <= 0) send();
  else setTimeout(send, usToMs(holdUs));
}

/** Sends a refusal the platform already decided and counted. */
export function sendGraphError(ctx: MockContext, reply: FastifyReply, error: PlatformError): void {
  sendJson(ctx, reply, error.httpStatus, error.body);
}

/** Checks the Bearer token; answers 190/401 and returns false when it is missing or wrong. */
export function authorize(ctx: MockContext, authorization: string | undefined, reply: FastifyReply): boolean {
  if (authorization === ctx.bearer) return true;
  const missing = authorization === undefined || authorization === '';
  sendGraphError(
    ctx,
    reply,
    ctx.platform.refusal(190, {
      title: missing
        ? 'An access token is required to request this resource.'
        : 'Invalid OAuth access token - Cannot parse access token',
      details: missing ? 'Missing Authorization: Bearer <token> header.' : 'The access token is not valid.',
    }),
  );
  return false;
}

/** An injected error from the fault schedule, if one is due; answers it and returns true. */
export function injectedFault(ctx: MockContext, reply: FastifyReply): boolean {
  const code = ctx.platform.core.injectedError(ctx.nowUs());
  if (code === 0) return false;
  sendGraphError(ctx, reply, ctx.platform.errors.error(code));
  return true;
}

const VERSION_RE = /^v(\d+)\.\d+$/;
export const MIN_GRAPH_VERSION = 21;

/** Graph versions v21.0 and later are served (older ones expired in 2026, research §0). */
export function checkVersion(ctx: MockContext, version: string, reply: FastifyReply): boolean {
  const match = VERSION_RE.exec(version);
  if (match && Number(match[1]) >= MIN_GRAPH_VERSION) return true;
  sendGraphError(
    ctx,
    reply,
    ctx.platform.refusal(100, {
      title: 'Unknown path components',
      details: `Unsupported Graph API version "${version}".`,
    }),
  );
  return false;
}
