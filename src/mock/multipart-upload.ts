import { createHash } from 'node:crypto';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { UploadedFile } from '../platform/media-desk.js';

/** Reads all parts of an upload; the file is hashed as it streams and kept only when small enough. */
export async function readUpload(
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
