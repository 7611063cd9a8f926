import type { FastifyInstance } from 'fastify';
import type { PlatformStats } from '../platform/platform-stats.js';
import type { MockSettings } from '../scenario/mock-schema.js';
import { generateAdminToken, isLoopbackHost } from './admin-guard.js';
import { buildMock, type MockServerOptions } from './build-mock-server.js';
import { subscribeWebhook } from './webhook-handshake.js';

/** A listening mock: its base URL, the fastify instance, its statistics, and a close that ends webhook delivery too. */
export interface RunningMockServer {
  readonly url: string;
  readonly server: FastifyInstance;
  /** The admin token its /_sim/ admin routes need, if any (always set off loopback). */
  readonly adminToken: string | undefined;
  /** Whether the token was generated here (no token was given to a mock off loopback). */
  readonly adminTokenGenerated: boolean;
  /** Whether the callback URL answered the subscription handshake at start. */
  readonly webhookSubscribed: boolean;
  /** The platform's statistics, read in-process; final once `close()` has resolved. */
  stats(): PlatformStats;
  close(): Promise<void>;
}

/**
 * Builds and starts the mock. Off loopback it guards its admin routes (with the given token or
 * a generated one); with a webhook URL and `webhooks.verifyOnStart` it subscribes the URL first
 * and does not start when the bot does not echo the challenge.
 */
export async function startMockServer(
  settings: MockSettings,
  listen: { host?: string; port?: number } = {},
  options: MockServerOptions = {},
): Promise<RunningMockServer> {
  const host = listen.host ?? '127.0.0.1';
  const generated = options.adminToken === undefined && !isLoopbackHost(host);
  const adminToken = generated ? generateAdminToken() : options.adminToken;
  const hooks = settings.webhooks;
  const subscribe = hooks.enabled && hooks.url !== undefined && hooks.url !== '' && hooks.verifyOnStart;
  if (subscribe) await subscribeWebhook(settings);
  const built = buildMock(settings, { ...options, ...(adminToken === undefined ? {} : { adminToken }) });
  const server = built.app;
  await server.listen({ host, port: listen.port ?? 0 });
  const address = server.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (listen.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    server,
    adminToken,
    adminTokenGenerated: generated,
    webhookSubscribed: subscribe,
    stats: built.stats,
    close: () => server.close(),
  };
}
