import type { FastifyReply } from 'fastify';
import type { PlatformError } from '../platform/error-catalogue.js';
import type { PlatformModel } from '../platform/platform-model.js';
import type { MockSettings } from '../scenario/mock-schema.js';
import type { FaultInjector } from './fault-injection.js';
import type { MockStats } from './mock-stats.js';
import type { WebhookDelivery } from './webhook-delivery.js';

/** What every route of the mock shares: settings, the platform model, counters, faults. */
export interface MockContext {
  readonly settings: MockSettings;
  readonly platform: PlatformModel;
  readonly stats: MockStats;
  readonly faults: FaultInjector;
  readonly delivery: WebhookDelivery | undefined;
  readonly nowMs: () => number;
  /** `Bearer <accessToken>`, built once so the auth check is one string compare. */
  readonly bearer: string;
}

const JSON_TYPE = 'application/json; charset=UTF-8';

/** Sends a JSON answer, held first when a stall or latency spike is running. */
export function sendJson(ctx: MockContext, reply: FastifyReply, status: number, body: object): void {
  const holdMs = ctx.faults.active ? ctx.faults.holdMsAt(ctx.nowMs()) : 0;
  const payload = JSON.stringify(body);
  if (holdMs <= 0) {
    reply.code(status).header('content-type', JSON_TYPE).send(payload);
    return;
  }
  setTimeout(() => reply.code(status).header('content-type', JSON_TYPE).send(payload), holdMs);
}

export function sendGraphError(ctx: MockContext, reply: FastifyReply, error: PlatformError): void {
  ctx.stats.error(error.code);
  sendJson(ctx, reply, error.httpStatus, error.body);
}

/** Checks the Bearer token; answers 190/401 and returns false when it is missing or wrong. */
export function authorize(ctx: MockContext, authorization: string | undefined, reply: FastifyReply): boolean {
  if (authorization === ctx.bearer) return true;
  const missing = authorization === undefined || authorization === '';
  sendGraphError(
    ctx,
    reply,
    ctx.platform.errors.error(190, {
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
  if (!ctx.faults.active) return false;
  const code = ctx.faults.errorCodeAt(ctx.nowMs());
  if (code === undefined) return false;
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
    ctx.platform.errors.error(100, {
      title: 'Unknown path components',
      details: `Unsupported Graph API version "${version}".`,
    }),
  );
  return false;
}
