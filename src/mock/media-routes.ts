import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type MediaRecord, mediaSha256 } from '../platform/media-registry.js';
import {
  authorize,
  checkVersion,
  ignoreTypeOfEmptyBody,
  injectedFault,
  type MockContext,
  sendGraphError,
  sendJson,
} from './mock-context.js';
import { SOJOURN_HEADER } from '../platform/timing-headers.js';
import { syntheticBytes } from './synthetic-media.js';

/**
 * Media (research §1.3): upload (multipart; `messaging_product` as a form field or a query
 * parameter, as whatsapp-api-js sends it), GET metadata with a download URL, DELETE, and the
 * download itself, which needs the Bearer token and answers a bare 404 without it.
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

export function registerMediaRoutes(app: FastifyInstance, ctx: MockContext): void {
  const { platform } = ctx;
  const invalid = (reply: FastifyReply, details: string) =>
    sendGraphError(ctx, reply, platform.refusal(100, { details }));
  const gate = (req: FastifyRequest<{ Params: { version: string } }>, reply: FastifyReply) =>
    authorize(ctx, req, reply) && checkVersion(ctx, req.params.version, reply) && !injectedFault(ctx, reply);
  const lookup = (req: FastifyRequest<MediaIdRoute>, reply: FastifyReply): MediaRecord | undefined => {
    const record = platform.media.get(req.params.mediaId);
    const filter = req.query.phone_number_id;
    if (record !== undefined && (filter === undefined || filter === record.phoneNumberId)) return record;
    sendGraphError(
      ctx,
      reply,
      platform.refusal(100, {
        subcode: 33,
        title: 'Unsupported get request',
        details: `Unknown media id ${req.params.mediaId}.`,
      }),
    );
    return undefined;
  };
  const served = (
    requestKind: string,
    opKind: string,
    bytes: number,
    reply: FastifyReply,
    then: (sojournUs: number) => void,
  ) =>
    platform.serve(opKind, bytes, requestKind, (ok, outcome) =>
      ok
        ? then((outcome?.queuedUs ?? 0) + (outcome?.serviceUs ?? 0))
        : sendGraphError(ctx, reply, platform.overloadError()),
    );

  app.post<UploadRoute>('/:version/:phoneNumberId/media', async (req, reply) => {
    if (!gate(req, reply)) return reply;
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
    if (product !== 'whatsapp') invalid(reply, 'messaging_product must be "whatsapp".');
    else if (form.file === undefined) invalid(reply, 'The parameter file is required.');
    else {
      const { file } = form;
      const mimeType = form.fields.type ?? file.mimeType;
      served('upload', 'upload', file.size, reply, (sojournUs) => {
        const record = platform.media.upload(
          req.params.phoneNumberId,
          mimeType,
          file.size,
          file.sha256,
          file.bytes,
        );
        sendJson(ctx, reply, 200, { id: record.id }, sojournUs);
      });
    }
    return reply;
  });

  app.get<MediaIdRoute>('/:version/:mediaId', (req, reply) => {
    if (!gate(req, reply)) return reply;
    const record = lookup(req, reply);
    if (record === undefined) return reply;
    served('media', 'media', 0, reply, (sojournUs) => {
      const sha256 = mediaSha256(record);
      const url = `${req.protocol}://${req.host}${DOWNLOAD_PATH}?mid=${encodeURIComponent(String(record.id))}&ext=bin&hash=${sha256.slice(0, 16)}`;
      const answer = {
        messaging_product: 'whatsapp',
        url,
        mime_type: record.mimeType,
        sha256,
        file_size: String(record.fileSize),
        id: String(record.id),
      };
      sendJson(ctx, reply, 200, answer, sojournUs);
    });
    return reply;
  });

  app.delete<MediaIdRoute>('/:version/:mediaId', { onRequest: ignoreTypeOfEmptyBody }, (req, reply) => {
    if (!gate(req, reply)) return reply;
    platform.core.count('delete');
    if (lookup(req, reply) === undefined) return reply;
    platform.media.delete(req.params.mediaId);
    sendJson(ctx, reply, 200, { success: true });
    return reply;
  });

  app.get<{ Querystring: { mid?: string } }>(DOWNLOAD_PATH, (req, reply) => {
    const record = req.query.mid === undefined ? undefined : platform.media.get(req.query.mid);
    if (req.headers.authorization !== ctx.bearer || record === undefined) {
      reply.code(404).type('text/plain').send('Not Found');
      return reply;
    }
    served('download', 'media', record.fileSize, reply, (sojournUs) => {
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

interface UploadedFile {
  readonly size: number;
  readonly sha256: string;
  readonly mimeType: string;
  readonly bytes?: Uint8Array;
}

/** Reads all parts; the file is hashed as it streams and kept only when small enough. */
async function readUpload(
  req: FastifyRequest,
  maxStoredBytes: number,
): Promise<{ fields: Record<string, string>; file?: UploadedFile }> {
  const fields: Record<string, string> = {};
  let file: UploadedFile | undefined;
  for await (const part of req.parts()) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    file = await readFilePart(part, maxStoredBytes);
  }
  return file === undefined ? { fields } : { fields, file };
}

async function readFilePart(part: MultipartFile, maxStoredBytes: number): Promise<UploadedFile> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of part.file as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.byteLength;
    if (size <= maxStoredBytes) chunks.push(chunk);
    else chunks.length = 0;
  }
  const sha256 = hash.digest('hex');
  return {
    size,
    sha256,
    mimeType: part.mimetype,
    ...(size <= maxStoredBytes ? { bytes: Buffer.concat(chunks) } : {}),
  };
}
