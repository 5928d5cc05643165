// One page of an objects.list: prefix/delimiter grouping, startOffset/endOffset, glob filter and
// page tokens over names kept in UTF-8 byte order. maxResults counts items and prefixes together.
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
}

export interface ListPage {
  readonly names: string[];
  readonly prefixes: string[];
  readonly nextPageToken: string | undefined;
}

interface Resume {
  after: string;
  /** The previous page ended on a prefix: skip every name under it. */
  skipUnder: boolean;
}

function encodeToken(resume: Resume): string {
  return Buffer.from(JSON.stringify([resume.after, resume.skipUnder ? 1 : 0])).toString('base64');
}

function decodeToken(token: string): Resume {
  try {
    const [after, skip] = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as [unknown, unknown];
    if (typeof after === 'string') return { after, skipUnder: skip === 1 };
  } catch {}
  throw ApiError.invalid('Invalid pageToken.');
}

export function listNames(sorted: readonly string[], query: ListQuery): ListPage {
  const { prefix, delimiter, endOffset, glob, maxResults } = query;
  const resume = query.pageToken === undefined ? undefined : decodeToken(query.pageToken);
  let index = lowerBound(sorted, prefix);
  if (query.startOffset !== undefined) index = Math.max(index, lowerBound(sorted, query.startOffset));
  if (resume !== undefined) {
    let afterIndex = lowerBound(sorted, resume.after);
    if (sorted[afterIndex] === resume.after) afterIndex++;
    index = Math.max(index, afterIndex);
  }
  const names: string[] = [];
  const prefixes: string[] = [];
  let count = 0;
  let lastPrefix: string | undefined = resume?.skipUnder ? resume.after : undefined;
  let last: Resume | undefined;
  let more = false;
  for (; index < sorted.length; index++) {
    const name = sorted[index] as string;
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
      if (query.includeTrailingDelimiter && name === group) names.push(name);
      lastPrefix = group;
      last = { after: group, skipUnder: true };
    } else {
      names.push(name);
      last = { after: name, skipUnder: false };
    }
  }
  return { names, prefixes, nextPageToken: more && last !== undefined ? encodeToken(last) : undefined };
}
