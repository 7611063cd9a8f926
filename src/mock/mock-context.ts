import type { FastifyReply, FastifyRequest } from 'fastify';
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
  /** When set, the admin routes of /_sim/ need it (admin-guard.ts). */
  readonly adminToken: string | undefined;
}

const JSON_TYPE = 'application/json; charset=UTF-8';

/**
 * Sends a JSON answer (an object, or JSON text already written), held first when a stall or
 * latency spike is running. The clock is read only when faults are configured (hot path).
 */
export function sendJson(
  ctx: MockContext,
  reply: FastifyReply,
  status: number,
  body: object | string,
  sojournUs?: number,
): void {
  const core = ctx.platform.core;
  const holdUs = core.faults.active ? core.holdUs(ctx.nowUs()) : 0;
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const send = () => {
    // Written on the raw response: the mock has no onSend/onResponse hooks, and fastify's reply
    // pipeline was a measurable share of the send path's CPU (bench/mock-ceiling.mjs).
    reply.hijack();
    const headers: Record<string, string | number> = {
      'content-type': JSON_TYPE,
      'content-length': Buffer.byteLength(payload),
    };
    if (sojournUs !== undefined) headers[SOJOURN_HEADER] = sojournUs;
    reply.raw.writeHead(status, headers);
    reply.raw.end(payload);
  };
  if (holdUs <= 0) send();
  else setTimeout(send, usToMs(holdUs));
}

/** Sends a refusal the platform already decided and counted. */
export function sendGraphError(ctx: MockContext, reply: FastifyReply, error: PlatformError): void {
  sendJson(ctx, reply, error.httpStatus, error.body);
}

/**
 * Checks the access token: `Authorization: Bearer <token>`, or Graph's `?access_token=<token>`
 * query parameter when there is no header. Answers 190/401 and returns false when it is
 * missing or wrong. Called from onRequest hooks, so a bad token wins over a bad body.
 */
export function authorize(ctx: MockContext, request: FastifyRequest, reply: FastifyReply): boolean {
  if (authorizedToken(ctx, request)) return true;
  const authorization = request.headers.authorization;
  const queryToken = authorization === undefined ? accessTokenOf(request.query) : undefined;
  const missing = (authorization === undefined || authorization === '') && queryToken === undefined;
  sendGraphError(
    ctx,
    reply,
    ctx.platform.refusal(190, {
      title: missing
        ? 'An access token is required to request this resource.'
        : 'Invalid OAuth access token - Cannot parse access token',
      details: missing
        ? 'Missing Authorization: Bearer <token> header (or access_token query parameter).'
        : 'The access token is not valid.',
    }),
  );
  return false;
}

/** Whether the request carries the access token (Bearer header, else `?access_token=`). */
export function authorizedToken(ctx: MockContext, request: FastifyRequest): boolean {
  const authorization = request.headers.authorization;
  if (authorization === ctx.bearer) return true;
  return authorization === undefined && accessTokenOf(request.query) === ctx.settings.accessToken;
}

function accessTokenOf(query: unknown): string | undefined {
  if (typeof query !== 'object' || query === null || !('access_token' in query)) return undefined;
  return typeof query.access_token === 'string' ? query.access_token : undefined;
}

/**
 * The onRequest hook of every Graph route: token, version, injected faults — before the body
 * is read, as Graph does. It answers and stops the request when one fails.
 */
export type RequestGate = (request: FastifyRequest, reply: FastifyReply, done: () => void) => void;

export function graphGate(
  ctx: MockContext,
  /** A route's own check after the version (e.g. a known number); it answers when it fails. */
  check?: (request: FastifyRequest, reply: FastifyReply) => boolean,
): RequestGate {
  return (request, reply, done) => {
    if (
      authorize(ctx, request, reply) &&
      checkVersion(ctx, versionOf(request.params), reply) &&
      (check === undefined || check(request, reply)) &&
      !injectedFault(ctx, reply)
    )
      done();
  };
}

function versionOf(params: unknown): string {
  if (typeof params !== 'object' || params === null || !('version' in params)) return '';
  return typeof params.version === 'string' ? params.version : '';
}

/** An injected error from the fault schedule, if one is due; answers it and returns true. */
export function injectedFault(ctx: MockContext, reply: FastifyReply): boolean {
  const core = ctx.platform.core;
  if (!core.faults.active) return false;
  const code = core.injectedError(ctx.nowUs());
  if (code === 0) return false;
  sendGraphError(ctx, reply, ctx.platform.errors.error(code));
  return true;
}

const VERSION_RE = /^v(\d+)\.\d+$/;
export const MIN_GRAPH_VERSION = 21;
/** Versions already seen and served (a handful): one Set lookup per request instead of a regex. */
const servedVersions = new Set<string>();

/** Graph versions v21.0 and later are served (older ones expired in 2026, research §0). */
export function checkVersion(ctx: MockContext, version: string, reply: FastifyReply): boolean {
  if (servedVersions.has(version)) return true;
  const match = VERSION_RE.exec(version);
  if (match && Number(match[1]) >= MIN_GRAPH_VERSION) {
    if (servedVersions.size < 64) servedVersions.add(version);
    return true;
  }
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

/**
 * onRequest hook for routes that take no body (DELETE): a request that names a content type
 * but sends nothing (`@great-detail/whatsapp`'s media.delete sends `Content-Type:
 * application/json` with an empty body) is read as no body, as Graph does, instead of failing
 * in fastify's JSON parser.
 */
export function ignoreTypeOfEmptyBody(request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
  const headers = request.raw.headers;
  const length = headers['content-length'];
  if (headers['transfer-encoding'] === undefined && (length === undefined || length === '0'))
    delete headers['content-type'];
  done();
}
