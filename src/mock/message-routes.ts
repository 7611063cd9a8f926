import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PlatformAnswer } from '../platform/platform-answer.js';
import { sendResponseJson } from './send-response-json.js';
import { graphGate, type MockContext, sendGraphError, sendJson } from './mock-context.js';

/**
 * `POST /{version}/{phone-number-id}/messages`: every message type, mark-as-read and the typing
 * indicator. Token, version, number and injected faults are checked in onRequest, before the
 * body is read (as Graph does: a bad token wins over a bad body). The body is checked by the
 * platform (TypeBox's compiled schema, then the rules): a fastify route schema cost ~10 µs per
 * send (bench/mock-ceiling.mjs, indicative). Bodies may be JSON or form-encoded, structured
 * fields as JSON text (graph-parameters.ts).
 */
interface MessagesRoute {
  Params: { version: string; phoneNumberId: string };
}

export function registerMessageRoutes(app: FastifyInstance, ctx: MockContext): void {
  const gate = graphGate(ctx, (request, reply) => {
    const phoneNumberId = phoneNumberIdOf(request.params);
    if (ctx.platform.knowsNumber(phoneNumberId)) return true;
    sendGraphError(ctx, reply, ctx.platform.unknownNumber(phoneNumberId));
    return false;
  });
  const answerWith = (reply: FastifyReply) => (answer: PlatformAnswer) => {
    if (answer.ok)
      sendJson(
        ctx,
        reply,
        200,
        answer.sent === undefined ? answer.body : sendResponseJson(answer.sent),
        answer.queuedUs + answer.serviceUs,
      );
    else sendGraphError(ctx, reply, answer.error);
  };

  app.post<MessagesRoute>(
    '/:version/:phoneNumberId/messages',
    {
      onRequest: gate,
    },
    (req, reply) => {
      const payloadBytes = Number(req.headers['content-length'] ?? 0);
      ctx.platform.send(req.params.phoneNumberId, req.body, payloadBytes, answerWith(reply));
      return reply;
    },
  );
}

function phoneNumberIdOf(params: unknown): string {
  if (typeof params !== 'object' || params === null || !('phoneNumberId' in params)) return '';
  return typeof params.phoneNumberId === 'string' ? params.phoneNumberId : '';
}
