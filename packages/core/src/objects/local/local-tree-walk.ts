// Walks a local store's tree and yields keys in global UTF-8 byte order without sorting the
// whole tree: inside a directory, files sort by their segment and directories by segment + "/"
// (every key below "x/" sorts right there), compared as bytes. The walk starts at the deepest
// directory the prefix pins down and only descends where keys can still match the listing.
// Long (hashed) entries sort by the real segment, read back from trailers (local-long-entry.ts).
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { compareKeys } from '../facade/key-order.ts';
import type { KeyScan } from '../facade/list-page.ts';
import {
  isPastPosition,
  type ListPosition,
  mayHaveKeysPastPosition,
  overlapsPrefix,
} from '../facade/list-position.ts';
import { createLongEntryResolver, type LongEntryResolver } from './local-long-entry.ts';
import { localDirPath, parseLocalEntry } from './local-path-mapping.ts';

interface SortedEntry {
  name: string;
  /** The key (for files) or key prefix ending in "/" (for directories) the entry stands for. */
  keyPart: string;
  isDirectory: boolean;
}

async function sortedEntries(
  dir: string,
  keyPrefix: string,
  longEntries: LongEntryResolver,
): Promise<SortedEntry[]> {
  let dirents: Dirent[];
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    // Removed by a concurrent delete, or never created: nothing stored below.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
  const entries: SortedEntry[] = [];
  for (const dirent of dirents) {
    const parsed = parseLocalEntry(dirent.name, dirent.isDirectory());
    if (!parsed || (!parsed.isDirectory && !dirent.isFile())) continue;
    const segment =
      parsed.kind === 'plain'
        ? parsed.segment
        : await longEntries.segment(path.join(dir, dirent.name), parsed.stem, parsed.isDirectory, keyPrefix);
    // A long entry whose objects were all deleted meanwhile holds no keys.
    if (segment === undefined) continue;
    const keyPart = keyPrefix + segment + (parsed.isDirectory ? '/' : '');
    entries.push({ name: dirent.name, keyPart, isDirectory: parsed.isDirectory });
  }
  return entries.sort((a, b) => compareKeys(a.keyPart, b.keyPart));
}

async function* walk(
  dir: string,
  keyPrefix: string,
  prefix: string,
  position: ListPosition,
  longEntries: LongEntryResolver,
): AsyncGenerator<string> {
  for (const entry of await sortedEntries(dir, keyPrefix, longEntries)) {
    // `position` may have moved while we were suspended in a yield, so it is checked per entry.
    if (entry.isDirectory) {
      if (overlapsPrefix(entry.keyPart, prefix) && mayHaveKeysPastPosition(entry.keyPart, position)) {
        yield* walk(path.join(dir, entry.name), entry.keyPart, prefix, position, longEntries);
      }
    } else if (entry.keyPart.startsWith(prefix) && isPastPosition(entry.keyPart, position)) {
      yield entry.keyPart;
    }
  }
}

/** A KeyScan over the tree under `root`. */
export function localTreeScan(root: string): KeyScan {
  // One per store: names it resolved stay valid for good, so later pages skip the trailer reads.
  const longEntries = createLongEntryResolver();
  return (prefix, position) => {
    // "a/b/c" pins down directory a/b: start there instead of at the root.
    const dirSegments = prefix.split('/').slice(0, -1);
    const keyPrefix = dirSegments.length > 0 ? `${dirSegments.join('/')}/` : '';
    return walk(localDirPath(root, dirSegments), keyPrefix, prefix, position, longEntries);
  };
}
