import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type SendMessageBody, SendMessageBodySchema } from '../platform/message-schema.js';
import type { PlatformAnswer } from '../platform/platform-model.js';
import {
  authorize,
  checkVersion,
  injectedFault,
  type MockContext,
  sendGraphError,
  sendJson,
} from './mock-context.js';

/**
 * `POST /{version}/{phone-number-id}/messages`: every message type, mark-as-read and the typing
 * indicator. Auth, version, number and injected faults are checked before the body (as Graph
 * does: a bad token wins over a bad body); the body schema is compiled once by fastify.
 */
interface MessagesRoute {
  Params: { version: string; phoneNumberId: string };
  Body: SendMessageBody;
}

export function registerMessageRoutes(app: FastifyInstance, ctx: MockContext): void {
  const answerWith = (reply: FastifyReply) => (answer: PlatformAnswer) => {
    if (answer.ok) sendJson(ctx, reply, 200, answer.body, answer.queuedUs + answer.serviceUs);
    else sendGraphError(ctx, reply, answer.error);
  };

  app.post<MessagesRoute>(
    '/:version/:phoneNumberId/messages',
    {
      schema: { body: SendMessageBodySchema },
      preValidation: (req: FastifyRequest<MessagesRoute>, reply, done) => {
        if (gate(ctx, req, reply)) done();
      },
    },
    (req, reply) => {
      const payloadBytes = Number(req.headers['content-length'] ?? 0);
      ctx.platform.send(req.params.phoneNumberId, req.body, payloadBytes, answerWith(reply));
      return reply;
    },
  );
}

/** The checks that come before reading the body; false when an answer was already sent. */
function gate(ctx: MockContext, req: FastifyRequest<MessagesRoute>, reply: FastifyReply): boolean {
  if (!authorize(ctx, req.headers.authorization, reply)) return false;
  if (!checkVersion(ctx, req.params.version, reply)) return false;
  if (!ctx.platform.knowsNumber(req.params.phoneNumberId)) {
    sendGraphError(ctx, reply, ctx.platform.unknownNumber(req.params.phoneNumberId));
    return false;
  }
  return !injectedFault(ctx, reply);
}
