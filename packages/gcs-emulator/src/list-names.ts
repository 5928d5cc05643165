// One page of an objects.list: prefix/delimiter grouping, startOffset/endOffset, glob filter and
// page tokens over entries kept in UTF-8 byte order of their names (and by generation within a
// name when every version is listed). maxResults counts items and prefixes together.
import { ApiError } from './api-error.ts';
import { compareUtf8, lowerBound } from './utf8-order.ts';

export interface ListQuery {
  readonly prefix: string;
  readonly delimiter: string | undefined;
  readonly startOffset: string | undefined;
  readonly endOffset: string | undefined;
  readonly includeTrailingDelimiter: boolean;
  readonly maxResults: number;
  readonly pageToken: string | undefined;
  readonly glob: RegExp | undefined;
  /** Where to resume instead of a pageToken (the XML API's marker). */
  readonly resume?: Resume | undefined;
}

/** Where the previous page stopped. */
export interface Resume {
  readonly after: string;
  /** Generation of the last entry named `after` already listed (version listings only). */
  readonly afterGeneration?: number | undefined;
  /** The previous page ended on a prefix: skip every name under it. */
  readonly skipUnder: boolean;
}

export interface ListPage<T> {
  readonly entries: T[];
  readonly prefixes: string[];
  readonly nextPageToken: string | undefined;
  /** Where a next page would resume (the XML API's NextMarker), when there is more. */
  readonly next: Resume | undefined;
}

/** A plain name, or a record with a name and (in version listings) a generation. */
export type Listable = string | { readonly name: string; readonly generation?: number | undefined };

function nameOf(entry: Listable): string {
  return typeof entry === 'string' ? entry : entry.name;
}

function generationOf(entry: Listable): number {
  return typeof entry === 'string' ? 0 : (entry.generation ?? 0);
}

function encodeToken(resume: Resume): string {
  const parts: unknown[] = [resume.after, resume.skipUnder ? 1 : 0];
  if (resume.afterGeneration !== undefined) parts.push(resume.afterGeneration);
  return Buffer.from(JSON.stringify(parts)).toString('base64');
}

function decodeToken(token: string): Resume {
  try {
    const [after, skip, generation] = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as unknown[];
    if (typeof after === 'string' && (generation === undefined || typeof generation === 'number')) {
      return { after, skipUnder: skip === 1, afterGeneration: generation };
    }
  } catch {}
  throw ApiError.invalid('Invalid pageToken.');
}

export function listEntries<T extends Listable>(sorted: readonly T[], query: ListQuery): ListPage<T> {
  const { prefix, delimiter, endOffset, glob, maxResults } = query;
  const resume = query.resume ?? (query.pageToken === undefined ? undefined : decodeToken(query.pageToken));
  let index = lowerBound(sorted, prefix, nameOf);
  if (query.startOffset !== undefined) index = Math.max(index, lowerBound(sorted, query.startOffset, nameOf));
  if (resume !== undefined) {
    let afterIndex = lowerBound(sorted, resume.after, nameOf);
    while (
      afterIndex < sorted.length &&
      nameOf(sorted[afterIndex] as T) === resume.after &&
      (resume.afterGeneration === undefined ||
        generationOf(sorted[afterIndex] as T) <= resume.afterGeneration)
    ) {
      afterIndex++;
    }
    index = Math.max(index, afterIndex);
  }
  const entries: T[] = [];
  const prefixes: string[] = [];
  let count = 0;
  let lastPrefix: string | undefined = resume?.skipUnder ? resume.after : undefined;
  let last: Resume | undefined;
  let more = false;
  for (; index < sorted.length; index++) {
    const entry = sorted[index] as T;
    const name = nameOf(entry);
    if (!name.startsWith(prefix)) break;
    if (endOffset !== undefined && compareUtf8(name, endOffset) >= 0) break;
    if (lastPrefix !== undefined && name.startsWith(lastPrefix)) continue;
    if (glob !== undefined && !glob.test(name)) continue;
    const cut = delimiter === undefined ? -1 : name.indexOf(delimiter, prefix.length);
    if (count >= maxResults) {
      more = true;
      break;
    }
    count++;
    if (delimiter !== undefined && cut >= 0) {
      const group = name.slice(0, cut + delimiter.length);
      prefixes.push(group);
      if (query.includeTrailingDelimiter && name === group) entries.push(entry);
      lastPrefix = group;
      last = { after: group, skipUnder: true };
    } else {
      entries.push(entry);
      last = {
        after: name,
        skipUnder: false,
        afterGeneration: typeof entry === 'string' ? undefined : entry.generation,
      };
    }
  }
  const next = more ? last : undefined;
  return { entries, prefixes, nextPageToken: next === undefined ? undefined : encodeToken(next), next };
}

/** listEntries over plain names. */
export function listNames(
  sorted: readonly string[],
  query: ListQuery,
): { names: string[]; prefixes: string[]; nextPageToken: string | undefined } {
  const { entries, prefixes, nextPageToken } = listEntries(sorted, query);
  return { names: entries, prefixes, nextPageToken };
}
