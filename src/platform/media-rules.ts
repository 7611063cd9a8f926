import { createHash } from 'node:crypto';
import { hoursToUs, secondsToUs } from '../units.js';

/**
 * Meta's media rules (DFB/business-phone-numbers/media; research §1.3, §4.5): the supported
 * MIME types and size limits of an upload (else 131053), how long a media URL from
 * GET /{media-id} works (5 minutes) and how long ids live (uploads 30 days, ids from webhooks
 * 7 days). estimate: Meta writes "5 MB", "16 MB", "100 MB", "500 KB"; they are read as binary
 * units, so the mock never refuses a file Meta might take.
 */
export type MediaKind = 'audio' | 'document' | 'image' | 'sticker' | 'video';

const KiB = 1024;
const MiB = 1024 * KiB;

export const MEDIA_LIMITS: Readonly<
  Record<MediaKind, { readonly mimeTypes: readonly string[]; readonly maxBytes: number }>
> = {
  audio: {
    mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'],
    maxBytes: 16 * MiB,
  },
  document: {
    mimeTypes: [
      'text/plain',
      'application/pdf',
      'application/vnd.ms-powerpoint',
      'application/msword',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    maxBytes: 100 * MiB,
  },
  image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * MiB },
  // Animated stickers may be 500 KB, static ones 100 KB; the mock cannot tell them apart.
  sticker: { mimeTypes: ['image/webp'], maxBytes: 500 * KiB },
  // Meta lists video/3gpp; some clients (whatsapp-api-js) send video/3gp.
  video: { mimeTypes: ['video/mp4', 'video/3gpp', 'video/3gp'], maxBytes: 16 * MiB },
};

export const MEDIA_URL_TTL_US = secondsToUs(5 * 60);
export const UPLOADED_MEDIA_TTL_US = hoursToUs(30 * 24);
export const WEBHOOK_MEDIA_TTL_US = hoursToUs(7 * 24);

const GENERIC_TYPES: ReadonlySet<string> = new Set(['', 'application/octet-stream']);

/** "Audio/OGG; codecs=opus" → "audio/ogg". */
export function baseMimeType(mimeType: string): string {
  return (mimeType.split(';')[0] ?? '').trim().toLowerCase();
}

const MEDIA_KINDS: readonly MediaKind[] = ['audio', 'document', 'image', 'sticker', 'video'];

export function mediaKindOf(mimeType: string): MediaKind | undefined {
  const base = baseMimeType(mimeType);
  return MEDIA_KINDS.find((kind) => MEDIA_LIMITS[kind].mimeTypes.includes(base));
}

/**
 * An upload's problem, or undefined: the declared type (the form's `type` field, else the
 * file part's) must be supported, agree with the file part's own type when that is specific,
 * and the size must be within its kind's limit.
 */
export function uploadProblem(
  declaredType: string | undefined,
  fileType: string,
  sizeBytes: number,
): { readonly code: 131053; readonly details: string } | undefined {
  const type = baseMimeType(declaredType ?? fileType);
  const kind = mediaKindOf(type);
  if (kind === undefined)
    return {
      code: 131053,
      details: `Unsupported media type ${type || '(none)'}: Meta accepts ${supportedList()}.`,
    };
  const own = baseMimeType(fileType);
  if (!GENERIC_TYPES.has(own) && own !== type && mediaKindOf(own) !== kind)
    return { code: 131053, details: `The file is ${own} but type says ${type}.` };
  const { maxBytes } = MEDIA_LIMITS[kind];
  if (sizeBytes > maxBytes)
    return {
      code: 131053,
      details: `Media file size too big: ${sizeBytes} bytes; ${kind} files may have at most ${maxBytes} bytes.`,
    };
  return undefined;
}

function supportedList(): string {
  return Object.values(MEDIA_LIMITS)
    .flatMap((limits) => limits.mimeTypes)
    .join(', ');
}

/** The `hash` of a media URL: its expiry (µs on the platform clock) and a check over id and expiry. */
export function mediaUrlHash(mediaId: string, expiresAtUs: number): string {
  const expiry = Math.round(expiresAtUs).toString(36);
  return `${expiry}.${checkOf(mediaId, expiry)}`;
}

/** Whether a media URL's hash is one this platform issued for the id and has not expired at `nowUs`. */
export function mediaUrlValid(mediaId: string, hash: string, nowUs: number): boolean {
  const [expiry, check] = hash.split('.');
  if (expiry === undefined || check !== checkOf(mediaId, expiry)) return false;
  return nowUs <= Number.parseInt(expiry, 36);
}

function checkOf(mediaId: string, expiry: string): string {
  return createHash('sha256').update(`${mediaId}:${expiry}`).digest('hex').slice(0, 16);
}

/** The file extension Meta's lookaside URLs carry (`ext=`). */
export function extensionOf(mimeType: string): string {
  const base = baseMimeType(mimeType);
  const known: Record<string, string> = {
    'image/jpeg': 'jpeg',
    'image/png': 'png',
    'image/webp': 'webp',
    'audio/ogg': 'ogg',
    'audio/mpeg': 'mp3',
    'audio/mp4': 'm4a',
    'video/mp4': 'mp4',
    'application/pdf': 'pdf',
    'text/plain': 'txt',
  };
  return known[base] ?? 'bin';
}
