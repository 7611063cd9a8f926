import Fastify, { type FastifyInstance } from 'fastify';
import { type Clock, realClock } from '../clock.js';
import type { PlatformStreams } from '../platform/platform-core.js';
import { PlatformModel } from '../platform/platform-model.js';
import type { PlatformStats } from '../platform/platform-stats.js';
import type { MockSettings } from '../scenario/mock-schema.js';
import { usToMs } from '../units.js';
import { DeliveryStats } from './delivery-stats.js';
import { installErrorHandlers } from './error-handler.js';
import { registerGraphBodyParsers } from './graph-parameters.js';
import { registerGraphRoutes } from './graph-routes.js';
import { registerMediaRoutes } from './media-routes.js';
import { registerMessageRoutes } from './message-routes.js';
import type { MockContext } from './mock-context.js';
import { registerSimRoutes } from './sim-routes.js';
import { registerTemplateRoutes } from './template-routes.js';
import { WebhookDelivery } from './webhook-delivery.js';
import type { PostLike } from './webhook-post.js';

/**
 * The mock platform behind real HTTP: Cloud-API routes, the user's side and admin under /_sim/,
 * webhook delivery around one PlatformModel. Tests drive it with inject().
 */
export interface MockServerOptions {
  /** The platform's clock (default: real time). */
  readonly clock?: Clock;
  /** The platform's random streams (default: those of `settings.seed`). */
  readonly streams?: PlatformStreams;
  /** fastify logger setting (default off: the mock is the system under test, logging costs). */
  readonly logger?: boolean;
  /** How webhooks are POSTed (default node:http with keep-alive). */
  readonly webhookPost?: PostLike;
  /** The admin token /_sim/reset, /config, /stats and /messages then need (decision 0013). */
  readonly adminToken?: string;
}

/** A built mock: the fastify app, and the platform's statistics read in-process (no HTTP). */
export interface BuiltMock {
  readonly app: FastifyInstance;
  stats(): PlatformStats;
}

export function buildMockServer(settings: MockSettings, options: MockServerOptions = {}): FastifyInstance {
  return buildMock(settings, options).app;
}

export function buildMock(settings: MockSettings, options: MockServerOptions = {}): BuiltMock {
  const clock = options.clock ?? realClock;
  const startedAtUs = clock.nowUs();
  // Wall-clock time enters here, at the edge: webhook timestamps are Unix seconds.
  const startEpochMs = Date.now();
  const epochMsAt = (nowUs: number) => startEpochMs + usToMs(nowUs - startedAtUs);
  const deliveryStats = new DeliveryStats();
  const delivery = new WebhookDelivery({
    settings: settings.webhooks,
    appSecret: settings.appSecret,
    wabaId: settings.wabaId,
    stats: deliveryStats,
    clock,
    ...(options.webhookPost === undefined ? {} : { post: options.webhookPost }),
  });
  const platform: PlatformModel = new PlatformModel(settings, {
    clock,
    epochMsAt,
    ...(options.streams === undefined ? {} : { streams: options.streams }),
    ...(delivery.enabled
      ? {
          webhookSink: (change, originUs, kind) => {
            platform.core.countUpdate(kind);
            delivery.enqueue(change, originUs);
          },
        }
      : {}),
  });
  const ctx: MockContext = {
    settings,
    platform,
    delivery: delivery.enabled ? delivery : undefined,
    deliveryStats,
    nowUs: () => clock.nowUs(),
    startedAtUs,
    bearer: `Bearer ${settings.accessToken}`,
    adminToken: options.adminToken,
  };

  const app = Fastify({
    logger: options.logger ?? false,
    // Load generators keep connections open; a short keep-alive would turn a run into reconnects.
    keepAliveTimeout: 72_000,
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  registerGraphBodyParsers(app);
  installErrorHandlers(app, ctx);
  registerMessageRoutes(app, ctx);
  registerMediaRoutes(app, ctx);
  registerGraphRoutes(app, ctx);
  registerTemplateRoutes(app, ctx);
  registerSimRoutes(app, ctx, () => {
    platform.reset();
    deliveryStats.reset();
  });
  app.addHook('onClose', async () => {
    await delivery.close();
  });
  return { app, stats: () => deliveryStats.applyTo(platform.stats()) };
}

export { type RunningMockServer, startMockServer } from './start-mock-server.js';
