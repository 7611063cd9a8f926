import type { Clock } from '../clock.js';
import { type MediaRecord, type MediaRegistry, mediaSha256 } from './media-registry.js';
import {
  extensionOf,
  MEDIA_URL_TTL_US,
  mediaUrlHash,
  mediaUrlValid,
  UPLOADED_MEDIA_TTL_US,
  uploadProblem,
} from './media-rules.js';

/**
 * The media endpoints' rules on a clock, for the HTTP face (research §1.3): uploads checked
 * against Meta's types and sizes, ids that expire, metadata with a download URL valid for five
 * minutes, the download that honours it, and delete. Capacity stays the caller's: each call is
 * served through `PlatformModel.serve`.
 */
export interface UploadedFile {
  readonly mimeType: string;
  readonly size: number;
  readonly sha256: string;
  readonly bytes?: Uint8Array;
}

export interface MediaMetadata {
  readonly messaging_product: 'whatsapp';
  readonly mime_type: string;
  readonly sha256: string;
  readonly file_size: string;
  readonly id: string;
}

/** The query of the download URL: Meta's lookaside `?mid=…&ext=…&hash=…`. */
export interface DownloadQuery {
  readonly mid: string;
  readonly ext: string;
  readonly hash: string;
}

export class MediaDesk {
  readonly #media: MediaRegistry;
  readonly #clock: Clock;

  constructor(media: MediaRegistry, clock: Clock) {
    this.#media = media;
    this.#clock = clock;
  }

  /** The upload's refusal (131053) or its record. */
  upload(
    phoneNumberId: string,
    declaredType: string | undefined,
    file: UploadedFile,
  ):
    | { readonly ok: true; readonly record: MediaRecord }
    | { readonly ok: false; readonly code: number; readonly details: string } {
    const problem = uploadProblem(declaredType, file.mimeType, file.size);
    if (problem !== undefined) return { ok: false, ...problem };
    const expiresAtUs = this.#clock.nowUs() + UPLOADED_MEDIA_TTL_US;
    const mimeType = declaredType ?? file.mimeType;
    return {
      ok: true,
      record: this.#media.upload(phoneNumberId, mimeType, file.size, file.sha256, file.bytes, expiresAtUs),
    };
  }

  /** A live record, filtered by the number that owns it when the caller names one. */
  find(mediaId: string, phoneNumberId: string | undefined): MediaRecord | undefined {
    const record = this.#media.live(mediaId, this.#clock.nowUs());
    return record !== undefined && (phoneNumberId === undefined || phoneNumberId === record.phoneNumberId)
      ? record
      : undefined;
  }

  /** GET /{media-id}: the metadata, and the query of a download URL that works for five minutes. */
  metadata(record: MediaRecord): { readonly body: MediaMetadata; readonly download: DownloadQuery } {
    const sha256 = mediaSha256(record);
    const id = String(record.id);
    return {
      body: {
        messaging_product: 'whatsapp',
        mime_type: record.mimeType,
        sha256,
        file_size: String(record.fileSize),
        id,
      },
      download: {
        mid: id,
        ext: extensionOf(record.mimeType),
        hash: mediaUrlHash(id, this.#clock.nowUs() + MEDIA_URL_TTL_US),
      },
    };
  }

  /** The file a download URL names, if the URL was issued here and has not expired. */
  download(mid: string | undefined, hash: string | undefined): MediaRecord | undefined {
    if (mid === undefined || hash === undefined) return undefined;
    const nowUs = this.#clock.nowUs();
    return mediaUrlValid(mid, hash, nowUs) ? this.#media.live(mid, nowUs) : undefined;
  }

  delete(record: MediaRecord): void {
    this.#media.delete(record.id);
  }
}
