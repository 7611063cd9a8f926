import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MediaRecord } from '../platform/media-registry.js';
import { SOJOURN_HEADER } from '../platform/timing-headers.js';
import {
  authorizedToken,
  graphGate,
  ignoreTypeOfEmptyBody,
  type MockContext,
  sendGraphError,
  sendJson,
} from './mock-context.js';
import { readUpload } from './multipart-upload.js';
import { syntheticBytes } from './synthetic-media.js';

/**
 * Media (research §1.3): upload (multipart; `messaging_product` as a form field or a query
 * parameter, as whatsapp-api-js sends it; Meta's types and sizes, else 131053), the metadata
 * GET (answered by graph-routes.ts, which shares GET /{id} with the other nodes), DELETE, and
 * the download, which needs the token and a URL that has not expired, else a bare 404.
 */
export const DOWNLOAD_PATH = '/whatsapp_business/attachments/';

interface MediaIdRoute {
  Params: { version: string; mediaId: string };
  Querystring: { phone_number_id?: string };
}
interface UploadRoute {
  Params: { version: string; phoneNumberId: string };
  Querystring: { messaging_product?: string };
}

/**
 * The upload route, in its own encapsulated scope with the multipart parser: registered
 * globally, @fastify/multipart's hooks and request decorators cost every request (~18 µs per
 * send in bench/mock-ceiling.mjs, indicative), though only uploads are multipart.
 */
export function registerUploadRoute(app: FastifyInstance, ctx: MockContext): void {
  const { platform } = ctx;
  const gate = graphGate(ctx);
  const invalid = (reply: FastifyReply, details: string) =>
    sendGraphError(ctx, reply, platform.refusal(100, { details }));
  void app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: ctx.settings.maxUploadBytes, files: 1, fields: 10 },
    });
    scope.post<UploadRoute>('/:version/:phoneNumberId/media', { onRequest: gate }, async (req, reply) => {
      if (!platform.knowsNumber(req.params.phoneNumberId)) {
        sendGraphError(ctx, reply, platform.unknownNumber(req.params.phoneNumberId));
        return reply;
      }
      if (!req.isMultipart()) {
        invalid(reply, 'Expected a multipart/form-data body with file, type and messaging_product.');
        return reply;
      }
      const form = await readUpload(req, ctx.settings.maxStoredMediaBytes);
      const product = form.fields.messaging_product ?? req.query.messaging_product;
      const { file } = form;
      if (product !== 'whatsapp') invalid(reply, 'messaging_product must be "whatsapp".');
      else if (file === undefined) invalid(reply, 'The parameter file is required.');
      else
        served(ctx, 'upload', 'upload', file.size, reply, (sojournUs) => {
          const upload = platform.mediaDesk.upload(req.params.phoneNumberId, form.fields.type, file);
          if (upload.ok) sendJson(ctx, reply, 200, { id: upload.record.id }, sojournUs);
          else sendGraphError(ctx, reply, platform.refusal(upload.code, { details: upload.details }));
        });
      return reply;
    });
  });
}

export function registerMediaRoutes(app: FastifyInstance, ctx: MockContext): void {
  const { platform } = ctx;
  const gate = graphGate(ctx);
  registerUploadRoute(app, ctx);

  app.delete<MediaIdRoute>(
    '/:version/:mediaId',
    { onRequest: [ignoreTypeOfEmptyBody, gate] },
    (req, reply) => {
      platform.core.count('delete');
      const record = findMedia(ctx, req.params.mediaId, req.query.phone_number_id, reply);
      if (record === undefined) return reply;
      platform.mediaDesk.delete(record);
      sendJson(ctx, reply, 200, { success: true });
      return reply;
    },
  );

  app.get<{ Querystring: { mid?: string; hash?: string } }>(DOWNLOAD_PATH, (req, reply) => {
    const record = platform.mediaDesk.download(req.query.mid, req.query.hash);
    if (!authorizedToken(ctx, req) || record === undefined) {
      reply.code(404).type('text/plain').send('Not Found');
      return reply;
    }
    served(ctx, 'download', 'media', record.fileSize, reply, (sojournUs) => {
      reply
        .code(200)
        .type(record.mimeType)
        .header('content-length', String(record.fileSize))
        .header(SOJOURN_HEADER, String(sojournUs));
      reply.send(
        record.bytes === undefined
          ? Readable.from(syntheticBytes(record.fileSize))
          : Buffer.from(record.bytes),
      );
    });
    return reply;
  });
}

/** GET /{media-id}: metadata and a download URL on this server, valid for five minutes. */
export function answerMediaMetadata(
  ctx: MockContext,
  req: FastifyRequest,
  reply: FastifyReply,
  mediaId: string,
  phoneNumberId: string | undefined,
): void {
  const record = findMedia(ctx, mediaId, phoneNumberId, reply);
  if (record === undefined) return;
  served(ctx, 'media', 'media', 0, reply, (sojournUs) => {
    const { body, download } = ctx.platform.mediaDesk.metadata(record);
    const query = new URLSearchParams({ ...download }).toString();
    const url = `${req.protocol}://${req.host}${DOWNLOAD_PATH}?${query}`;
    const { mime_type, sha256, file_size, id } = body;
    sendJson(
      ctx,
      reply,
      200,
      { messaging_product: 'whatsapp', url, mime_type, sha256, file_size, id },
      sojournUs,
    );
  });
}

function findMedia(
  ctx: MockContext,
  mediaId: string,
  phoneNumberId: string | undefined,
  reply: FastifyReply,
): MediaRecord | undefined {
  const record = ctx.platform.mediaDesk.find(mediaId, phoneNumberId);
  if (record !== undefined) return record;
  sendGraphError(
    ctx,
    reply,
    ctx.platform.refusal(100, {
      subcode: 33,
      title: `Unsupported get request. Object with ID '${mediaId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
      details: `Unknown media id ${mediaId}.`,
    }),
  );
  return undefined;
}

/** Work through the platform's capacity; overload is answered as the platform says. */
function served(
  ctx: MockContext,
  requestKind: string,
  opKind: string,
  bytes: number,
  reply: FastifyReply,
  then: (sojournUs: number) => void,
): void {
  ctx.platform.serve(opKind, bytes, requestKind, (ok, outcome) =>
    ok
      ? then((outcome?.queuedUs ?? 0) + (outcome?.serviceUs ?? 0))
      : sendGraphError(ctx, reply, ctx.platform.overloadError()),
  );
}
