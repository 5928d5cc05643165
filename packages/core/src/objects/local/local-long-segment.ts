// File names for key segments too long to be file names. Names are capped at 255 bytes, so a
// segment over 200 bytes of UTF-8 is stored as "<its first ≤100 bytes>~<SHA-256 of it, hex>"
// with the suffix ".lobj" or ".ldir" instead of ".obj" or ".dir". A plain name always ends in
// ".obj"/".dir" (a "." right before "obj"/"dir"), a long one never does, so the two kinds cannot
// collide and every key that fitted before keeps the path it always had. The name is derived from
// the segment alone, so a key's path is computed without I/O; going back from a name to the
// segment needs the key kept in an object's trailer (see local-long-entry.ts).
import { createHash } from 'node:crypto';

/** Segments up to this many bytes of UTF-8 are stored under their own name, as they always were. */
export const MAX_PLAIN_SEGMENT_BYTES = 200;
export const LONG_OBJECT_SUFFIX = '.lobj';
export const LONG_DIR_SUFFIX = '.ldir';
/** Enough of the segment to tell names apart when browsing the folder; the hash makes it unique. */
const READABLE_PREFIX_BYTES = 100;
const LONG_STEM = /~[0-9a-f]{64}$/;

export function isLongSegment(segment: string): boolean {
  return Buffer.byteLength(segment, 'utf8') > MAX_PLAIN_SEGMENT_BYTES;
}

/** The longest start of `text` that fits in `maxBytes` of UTF-8 without splitting a character. */
function utf8Start(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char, 'utf8');
    if (bytes > maxBytes) break;
    end += char.length;
  }
  return text.slice(0, end);
}

/** The file-name stem (name without suffix) of a long segment; at most 165 bytes. */
export function longSegmentStem(segment: string): string {
  const digest = createHash('sha256').update(segment, 'utf8').digest('hex');
  return `${utf8Start(segment, READABLE_PREFIX_BYTES)}~${digest}`;
}

/** True when `stem` has the shape longSegmentStem() gives; whose segment it is needs the trailer. */
export function isLongSegmentStem(stem: string): boolean {
  return LONG_STEM.test(stem);
}
