import { createHash } from 'node:crypto';
import { BoundedMap } from './bounded-map.js';

/**
 * Media known to the platform: uploaded by the business or sent by users. Bytes are kept only
 * for small uploads; everything else is served as synthetic bytes of the recorded size, so a
 * 100 MB document costs a record, not a buffer. Keys are the ids callers use: strings through
 * HTTP, numbers in the sim (which never builds an id string).
 */
export type MediaKey = string | number;

export interface MediaRecord {
  readonly id: MediaKey;
  readonly phoneNumberId: string;
  readonly mimeType: string;
  readonly fileSize: number;
  /** Hash of uploaded bytes; for a user's media (no bytes exist) computed on demand by `mediaSha256`. */
  readonly sha256?: string;
  readonly bytes?: Uint8Array;
  /** When the id stops working, µs on the platform clock (uploads 30 days, webhook media 7: media-rules.ts). */
  readonly expiresAtUs: number;
}

export class MediaRegistry {
  private readonly records: BoundedMap<MediaKey, MediaRecord>;
  private counter = 0;

  constructor(
    capacity: number,
    private readonly maxStoredBytes: number,
  ) {
    this.records = new BoundedMap(capacity);
  }

  /** Registers an uploaded file and returns its record with a new numeric id (Graph ids are digit strings). */
  upload(
    phoneNumberId: string,
    mimeType: string,
    fileSize: number,
    sha256: string,
    bytes?: Uint8Array,
    expiresAtUs = Number.POSITIVE_INFINITY,
  ): MediaRecord {
    this.counter += 1;
    const id = String(1_037_543_291_000_000 + this.counter);
    const keep = bytes !== undefined && bytes.byteLength <= this.maxStoredBytes;
    const record: MediaRecord = {
      id,
      phoneNumberId,
      mimeType,
      fileSize,
      sha256,
      expiresAtUs,
      ...(keep ? { bytes } : {}),
    };
    this.records.set(id, record);
    return record;
  }

  /** Registers media a user sent (the id is the user side's). */
  registerInbound(
    id: MediaKey,
    phoneNumberId: string,
    mimeType: string,
    fileSize: number,
    expiresAtUs = Number.POSITIVE_INFINITY,
  ): MediaRecord {
    const record: MediaRecord = { id, phoneNumberId, mimeType, fileSize, expiresAtUs };
    this.records.set(id, record);
    return record;
  }

  get(id: MediaKey): MediaRecord | undefined {
    return this.records.get(id);
  }

  /** The record if its id still works at `nowUs`; an expired one is forgotten. */
  live(id: MediaKey, nowUs: number): MediaRecord | undefined {
    const record = this.records.get(id);
    if (record === undefined || nowUs <= record.expiresAtUs) return record;
    this.records.delete(id);
    return undefined;
  }

  delete(id: MediaKey): boolean {
    return this.records.delete(id);
  }

  get size(): number {
    return this.records.size;
  }

  clear(): void {
    this.records.clear();
  }
}

/** The record's SHA-256: of the uploaded bytes, or for a user's media (no bytes) of `id:size`. */
export function mediaSha256(record: MediaRecord): string {
  return record.sha256 ?? createHash('sha256').update(`${record.id}:${record.fileSize}`).digest('hex');
}
