// Maps object keys to paths under a local store's root. S3 lets "a" and "a/b" both be objects,
// which a file system cannot do with a file and a directory of one name; so every directory
// segment is stored as "<segment>.dir" and every object as "<segment>.obj". The suffixes never
// collide, "." segments become harmless names, and names without a suffix (like the ".tmp"
// staging directory) are invisible to listings.
import path from 'node:path';
import { InvalidKeyError } from '../errors/error-classes.ts';

export const DIR_SUFFIX = '.dir';
export const OBJECT_SUFFIX = '.obj';
/** File names are capped at 255 bytes; a segment plus its suffix must fit with room to spare. */
export const MAX_LOCAL_SEGMENT_BYTES = 200;

/** Throws InvalidKeyError when a segment of an (already valid) key is too long for a file name. */
export function assertLocalSegments(key: string): void {
  for (const segment of key.split('/')) {
    if (Buffer.byteLength(segment, 'utf8') > MAX_LOCAL_SEGMENT_BYTES) {
      throw new InvalidKeyError(
        key,
        `a path segment is longer than ${MAX_LOCAL_SEGMENT_BYTES} bytes of UTF-8, the local-fs limit per segment`,
      );
    }
  }
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
  return path.join(root, ...dirSegments.map((segment) => segment + DIR_SUFFIX));
}

/** The file that stores `key` (already checked by assertValidObjectKey). */
export function localObjectPath(root: string, key: string): string {
  assertLocalSegments(key);
  const segments = key.split('/');
  const name = segments.pop() as string;
  const target = path.join(localDirPath(root, segments), name + OBJECT_SUFFIX);
  assertInsideRoot(root, target, key);
  return target;
}

export interface LocalEntry {
  /** The key segment the entry stands for. */
  segment: string;
  isDirectory: boolean;
}

/** Reads a directory entry name back into a key segment; undefined for names Stowage did not write. */
export function parseLocalEntry(name: string, isDirectory: boolean): LocalEntry | undefined {
  const suffix = isDirectory ? DIR_SUFFIX : OBJECT_SUFFIX;
  if (!name.endsWith(suffix) || name.length === suffix.length) return undefined;
  return { segment: name.slice(0, -suffix.length), isDirectory };
}
