// Maps object keys to paths under a local store's root. S3 lets "a" and "a/b" both be objects,
// which a file system cannot do with a file and a directory of one name; so every directory
// segment is stored as "<segment>.dir" and every object as "<segment>.obj". The suffixes never
// collide, "." segments become harmless names, and names without a suffix (like the ".tmp"
// staging directory) are invisible to listings. Segments too long for a file name get a hashed
// name instead (see local-long-segment.ts), so every valid key has a path.
import path from 'node:path';
import { InvalidKeyError } from '../../errors/error-classes.ts';
import {
  isLongSegment,
  isLongSegmentStem,
  LONG_DIR_SUFFIX,
  LONG_OBJECT_SUFFIX,
  longSegmentStem,
  MAX_PLAIN_SEGMENT_BYTES,
} from './local-long-segment.ts';

export const DIR_SUFFIX = '.dir';
export const OBJECT_SUFFIX = '.obj';

/** The directory entry name that stands for `segment`. */
export function localEntryName(segment: string, isDirectory: boolean): string {
  if (isLongSegment(segment)) {
    return longSegmentStem(segment) + (isDirectory ? LONG_DIR_SUFFIX : LONG_OBJECT_SUFFIX);
  }
  return segment + (isDirectory ? DIR_SUFFIX : OBJECT_SUFFIX);
}

/**
 * Second guard after key validation: throws unless `target` lies strictly inside `root`.
 * A name that merely starts with ".." (like "..x.obj") is inside; only a ".." segment escapes.
 */
export function assertInsideRoot(root: string, target: string, key: string): void {
  const relative = path.relative(root, target);
  const escapes =
    relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  if (escapes) throw new InvalidKeyError(key, 'resolves outside the store root');
}

/** Directory path holding the objects whose keys start with `dirSegments.join('/') + '/'`. */
export function localDirPath(root: string, dirSegments: readonly string[]): string {
  return path.join(root, ...dirSegments.map((segment) => localEntryName(segment, true)));
}

/** The file that stores `key` (already checked by assertValidObjectKey). */
export function localObjectPath(root: string, key: string): string {
  const segments = key.split('/');
  const name = segments.pop() as string;
  const target = path.join(localDirPath(root, segments), localEntryName(name, false));
  assertInsideRoot(root, target, key);
  return target;
}

/**
 * A directory entry Stowage wrote: a plain one names its key segment; a long one names only its
 * stem, and the segment has to be read from a trailer (see local-long-entry.ts).
 */
export type LocalEntry =
  | { kind: 'plain'; segment: string; isDirectory: boolean }
  | { kind: 'long'; stem: string; isDirectory: boolean };

function stemOf(name: string, suffix: string): string | undefined {
  return name.endsWith(suffix) && name.length > suffix.length ? name.slice(0, -suffix.length) : undefined;
}

/** Reads a directory entry name back; undefined for names Stowage did not write. */
export function parseLocalEntry(name: string, isDirectory: boolean): LocalEntry | undefined {
  const plain = stemOf(name, isDirectory ? DIR_SUFFIX : OBJECT_SUFFIX);
  // A plain stem over the limit was never written: such a segment gets a long name.
  if (plain !== undefined) {
    return Buffer.byteLength(plain, 'utf8') <= MAX_PLAIN_SEGMENT_BYTES
      ? { kind: 'plain', segment: plain, isDirectory }
      : undefined;
  }
  const long = stemOf(name, isDirectory ? LONG_DIR_SUFFIX : LONG_OBJECT_SUFFIX);
  return long !== undefined && isLongSegmentStem(long)
    ? { kind: 'long', stem: long, isDirectory }
    : undefined;
}
