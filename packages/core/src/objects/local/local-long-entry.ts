// Recovers the key segment behind a long (hashed) directory entry, for listings, which must
// return real keys in their real order. Every object file's trailer holds its whole key: a long
// file names its own segment, and a long directory's segment is in the key of any object below
// it. A name is accepted only if the segment found hashes back to it, so a file moved by hand
// can never show up under a key that does not lead back to it.
import type { Dirent } from 'node:fs';
import { type FileHandle, open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { longSegmentStem } from './local-long-segment.ts';
import { parseLocalEntry } from './local-path-mapping.ts';
import { CorruptObjectFileError, readTrailer } from './object-trailer.ts';

/** Resolved names kept per store; a name's segment never changes, so entries never go stale. */
const CACHE_ENTRIES = 10_000;

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The key in the trailer of `file`; undefined when the file went away meanwhile. */
async function keyInFile(file: string): Promise<string | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  try {
    return (await readTrailer(handle, file)).header.key;
  } finally {
    await handle.close().catch(() => {});
  }
}

/** The key and file of some object stored below `dir`; undefined when none is (left empty by a race). */
async function someKeyBelow(dir: string): Promise<{ key: string; file: string } | undefined> {
  let dirents: Dirent[];
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  // Files first: one trailer read usually settles it without descending further.
  for (const dirent of dirents) {
    if (!dirent.isFile() || !parseLocalEntry(dirent.name, false)) continue;
    const file = path.join(dir, dirent.name);
    const key = await keyInFile(file);
    if (key !== undefined) return { key, file };
  }
  for (const dirent of dirents) {
    if (!dirent.isDirectory() || !parseLocalEntry(dirent.name, true)) continue;
    const found = await someKeyBelow(path.join(dir, dirent.name));
    if (found) return found;
  }
  return undefined;
}

/** The segment of `key` right after `keyPrefix`, if the key continues past it as a file or directory would. */
function segmentAfter(key: string, keyPrefix: string, isDirectory: boolean): string | undefined {
  if (!key.startsWith(keyPrefix)) return undefined;
  const rest = key.slice(keyPrefix.length);
  const cut = rest.indexOf('/');
  // A file's key ends with its segment; a directory's segment is followed by more of the key.
  if (isDirectory) return cut > 0 ? rest.slice(0, cut) : undefined;
  return cut < 0 && rest !== '' ? rest : undefined;
}

export interface LongEntryResolver {
  /**
   * The segment stored at `entryPath` (a long entry with `stem`, in the directory of keys starting
   * with `keyPrefix`); undefined when nothing is stored there any more. Throws
   * CorruptObjectFileError for a trailer that is damaged or names a key that does not lead here.
   */
  segment(
    entryPath: string,
    stem: string,
    isDirectory: boolean,
    keyPrefix: string,
  ): Promise<string | undefined>;
}

export function createLongEntryResolver(): LongEntryResolver {
  const known = new Map<string, string>();

  function remember(stem: string, segment: string): string {
    if (known.size >= CACHE_ENTRIES) known.delete(known.keys().next().value as string);
    known.set(stem, segment);
    return segment;
  }

  return {
    async segment(entryPath, stem, isDirectory, keyPrefix) {
      const cached = known.get(stem);
      if (cached !== undefined) return cached;
      const found = isDirectory
        ? await someKeyBelow(entryPath)
        : await keyInFile(entryPath).then((key) =>
            key === undefined ? undefined : { key, file: entryPath },
          );
      if (!found) return undefined;
      const segment = segmentAfter(found.key, keyPrefix, isDirectory);
      if (segment === undefined || longSegmentStem(segment) !== stem) {
        throw new CorruptObjectFileError(found.file, 'its trailer names a key stored elsewhere');
      }
      return remember(stem, segment);
    },
  };
}
