import type { FastifyInstance } from 'fastify';
import type { PlatformAnswer } from '../platform/platform-model.js';
import { type SimInboundBody, SimInboundBodySchema } from '../platform/sim-inbound-schema.js';
import { verifyWebhookSubscription } from '../platform/webhook-signature.js';
import type { MockSettings } from '../scenario/mock-schema.js';
import { injectedFault, type MockContext, sendGraphError, sendJson } from './mock-context.js';

/**
 * The end user's side and the admin face, under /_sim/. `POST /_sim/messages` is the contract
 * the load generator plays users with (SimInboundBodySchema); it needs no token, as a phone
 * does not hold the business's token. Admin routes: health, reset, stats, config, and the GET
 * webhook handshake for a user testing their own receiver against the mock's verify token.
 */
export function registerSimRoutes(app: FastifyInstance, ctx: MockContext, resetAll: () => void): void {
  const { platform, stats } = ctx;

  app.post<{ Body: SimInboundBody }>(
    '/_sim/messages',
    { schema: { body: SimInboundBodySchema } },
    (req, reply) => {
      if (injectedFault(ctx, reply)) return reply;
      const payloadBytes = Number(req.headers['content-length'] ?? 0);
      platform.inbound(req.body, payloadBytes, (answer: PlatformAnswer) => {
        stats.request('sim:inbound');
        if (answer.ok) sendJson(ctx, reply, 200, answer.body);
        else sendGraphError(ctx, reply, answer.error);
      });
      return reply;
    },
  );

  app.get('/_sim/health', (_req, reply) => {
    reply.send({
      ok: true,
      phoneNumberId: ctx.settings.phoneNumberId,
      inService: platform.capacity.inService,
      queueDepth: platform.capacity.queueDepth,
      uptimeMs: Date.now() - stats.startedAtMs,
    });
  });

  app.post('/_sim/reset', (_req, reply) => {
    resetAll();
    reply.send({ ok: true });
  });

  app.get('/_sim/stats', (_req, reply) => {
    reply.send(stats.snapshot(platform));
  });

  app.get('/_sim/config', (_req, reply) => {
    reply.send(maskSecrets(ctx.settings));
  });

  app.get<{ Querystring: Record<string, string> }>('/_sim/webhook', (req, reply) => {
    const answer = verifyWebhookSubscription(req.query, ctx.settings.verifyToken);
    if (answer.ok) reply.code(200).type('text/plain').send(answer.challenge);
    else reply.code(403).type('text/plain').send(answer.reason);
  });
}

const MASK = '***';

/** Settings as served by /_sim/config: tokens and secrets replaced, the rest as resolved. */
export function maskSecrets(settings: MockSettings): MockSettings {
  return { ...settings, accessToken: MASK, appSecret: MASK, verifyToken: MASK };
}
