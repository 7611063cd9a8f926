import type { FastifyError, FastifyInstance } from 'fastify';
import { type MockContext, sendGraphError } from './mock-context.js';

/**
 * Whatever goes wrong is answered in the Graph envelope, never a crash or fastify's own shape:
 * schema failures and unreadable bodies are (#100) Invalid parameter; anything unexpected is
 * (#131000) and logged.
 */
const BODY_ERRORS = new Set([
  'FST_ERR_CTP_INVALID_JSON_BODY',
  'FST_ERR_CTP_EMPTY_JSON_BODY',
  'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
  'FST_ERR_CTP_BODY_TOO_LARGE',
  'FST_ERR_CTP_INVALID_TYPE',
  'FST_INVALID_MULTIPART_CONTENT_TYPE',
  'FST_REQ_FILE_TOO_LARGE',
  'FST_PARTS_LIMIT',
  'FST_FILES_LIMIT',
  'FST_FIELDS_LIMIT',
  'FST_PROTO_VIOLATION',
]);

export function installErrorHandlers(app: FastifyInstance, ctx: MockContext): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { platform } = ctx;
    if (error.validation !== undefined) {
      const first = error.validation[0];
      const where = `${error.validationContext ?? 'body'}${first?.instancePath ?? ''}`;
      const details = `Invalid parameter: ${where} ${first?.message ?? 'is invalid'}.`;
      sendGraphError(ctx, reply, platform.refusal(100, { details }));
      return;
    }
    if (
      BODY_ERRORS.has(error.code) ||
      (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
    ) {
      sendGraphError(ctx, reply, platform.refusal(100, { details: `Invalid request: ${error.message}` }));
      return;
    }
    request.log.error({ err: error }, 'mock: unexpected error');
    sendGraphError(ctx, reply, platform.refusal(131000));
  });

  app.setNotFoundHandler((request, reply) => {
    sendGraphError(
      ctx,
      reply,
      ctx.platform.refusal(100, {
        title: 'Unknown path components',
        details: `No such endpoint: ${request.method} ${request.url.split('?')[0]}`,
      }),
    );
  });
}
