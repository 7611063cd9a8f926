import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import type { CapacityScheduler } from '../platform/capacity-model.js';
import { seededUniform } from '../platform/distribution-sampler.js';
import { PlatformModel } from '../platform/platform-model.js';
import type { MockSettings } from '../scenario/mock-schema.js';
import { monotonicNowUs } from '../units.js';
import { installErrorHandlers } from './error-handler.js';
import { FaultInjector } from './fault-injection.js';
import { registerMediaRoutes } from './media-routes.js';
import { registerMessageRoutes } from './message-routes.js';
import type { MockContext } from './mock-context.js';
import { MockStats } from './mock-stats.js';
import { registerSimRoutes } from './sim-routes.js';
import { type FetchLike, WebhookDelivery } from './webhook-delivery.js';

/**
 * The mock platform behind real HTTP: Cloud-API routes, the user's side and admin under /_sim/,
 * webhook delivery and fault injection around one PlatformModel. Tests drive it with inject().
 */
export interface MockServerOptions {
  /** Monotonic clock in µs (default process.hrtime). Service times still run on real timers. */
  readonly nowUs?: () => number;
  /** [0, 1) stream for fault decisions (default seeded from capacity.seed). */
  readonly random?: () => number;
  /** fastify logger setting (default off: the mock is the system under test, logging costs). */
  readonly logger?: boolean;
  /** fetch used to POST webhooks (default the global fetch). */
  readonly webhookFetch?: FetchLike;
}

export function buildMockServer(settings: MockSettings, options: MockServerOptions = {}): FastifyInstance {
  const nowUs = options.nowUs ?? monotonicNowUs;
  const nowMs = () => nowUs() / 1000;
  const scheduler: CapacityScheduler = {
    nowUs,
    after: (delayUs, callback) => {
      setTimeout(callback, delayUs / 1000);
    },
  };
  const stats = new MockStats();
  const delivery = new WebhookDelivery({
    settings: settings.webhooks,
    appSecret: settings.appSecret,
    wabaId: settings.wabaId,
    stats,
    ...(options.webhookFetch === undefined ? {} : { fetch: options.webhookFetch }),
  });
  const platform = new PlatformModel(settings, {
    scheduler,
    ...(delivery.enabled ? { webhookSink: (change) => delivery.enqueue(change) } : {}),
  });
  const ctx: MockContext = {
    settings,
    platform,
    stats,
    faults: new FaultInjector(
      settings.faults,
      nowMs(),
      options.random ?? seededUniform(settings.capacity.seed + 2),
    ),
    delivery: delivery.enabled ? delivery : undefined,
    nowMs,
    bearer: `Bearer ${settings.accessToken}`,
  };

  const app = Fastify({
    logger: options.logger ?? false,
    // Load generators keep connections open; a short keep-alive would turn a run into reconnects.
    keepAliveTimeout: 72_000,
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  void app.register(multipart, { limits: { fileSize: settings.maxUploadBytes, files: 1, fields: 10 } });
  installErrorHandlers(app, ctx);
  registerMessageRoutes(app, ctx);
  registerMediaRoutes(app, ctx);
  registerSimRoutes(app, ctx, () => {
    platform.reset();
    stats.reset();
  });
  app.addHook('onClose', async () => {
    await delivery.close();
  });
  return app;
}

export { type RunningMockServer, startMockServer } from './start-mock-server.js';
