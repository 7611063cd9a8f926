/** Deterministic filler bytes for media that exist only as a size: streamed in 64 KiB chunks, never held whole. */
const CHUNK_BYTES = 64 * 1024;
const PATTERN = Buffer.alloc(CHUNK_BYTES, 'chatload-synthetic-media ');

export function* syntheticBytes(totalBytes: number): Generator<Buffer> {
  let left = totalBytes;
  while (left > 0) {
    const size = Math.min(left, CHUNK_BYTES);
    yield size === CHUNK_BYTES ? PATTERN : PATTERN.subarray(0, size);
    left -= size;
  }
}
