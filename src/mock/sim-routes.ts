import type { FastifyInstance } from 'fastify';
import type { PlatformAnswer } from '../platform/platform-answer.js';
import { verifyWebhookSubscription } from '../platform/webhook-signature.js';
import { maskMockSecrets } from '../scenario/mask-secrets.js';
import { usToMs } from '../units.js';
import { adminGate } from './admin-guard.js';
import { injectedFault, type MockContext, sendGraphError, sendJson } from './mock-context.js';

/**
 * The end user's side and the admin face, under /_sim/. `POST /_sim/messages` is the contract
 * the load generator plays users with (SimInboundBodySchema); it needs no token, as a phone
 * does not hold the business's token. Admin routes: health, reset, stats, config, and the GET
 * webhook handshake for a user testing their own receiver against the mock's verify token.
 */
export function registerSimRoutes(app: FastifyInstance, ctx: MockContext, resetAll: () => void): void {
  const { platform } = ctx;
  // No hook at all on loopback without a token: the user side is on the load generator's hot path.
  const admin = ctx.adminToken === undefined ? {} : { onRequest: adminGate(ctx, ctx.adminToken) };

  // The body is checked by the platform's compiled schema (no fastify route schema: hot path).
  app.post('/_sim/messages', admin, (req, reply) => {
    if (injectedFault(ctx, reply)) return reply;
    const payloadBytes = Number(req.headers['content-length'] ?? 0);
    platform.inbound(req.body, payloadBytes, (answer: PlatformAnswer) => {
      if (answer.ok) sendJson(ctx, reply, 200, answer.body, answer.queuedUs + answer.serviceUs);
      else sendGraphError(ctx, reply, answer.error);
    });
    return reply;
  });

  app.get('/_sim/health', (_req, reply) => {
    reply.send({
      ok: true,
      phoneNumberId: ctx.settings.phoneNumberId,
      inService: platform.core.capacity.inService,
      queueDepth: platform.core.capacity.queueDepth,
      uptimeMs: usToMs(ctx.nowUs() - ctx.startedAtUs),
    });
  });

  app.post('/_sim/reset', admin, (_req, reply) => {
    resetAll();
    reply.send({ ok: true });
  });

  app.get('/_sim/stats', admin, (_req, reply) => {
    reply.send(ctx.deliveryStats.applyTo(platform.stats()));
  });

  app.get('/_sim/config', admin, (_req, reply) => {
    reply.send(maskMockSecrets(ctx.settings));
  });

  app.get<{ Querystring: Record<string, string> }>('/_sim/webhook', (req, reply) => {
    const answer = verifyWebhookSubscription(req.query, ctx.settings.verifyToken);
    if (answer.ok) reply.code(200).type('text/plain').send(answer.challenge);
    else reply.code(403).type('text/plain').send(answer.reason);
  });
}
