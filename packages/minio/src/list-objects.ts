// list() on ListObjectsV2. The cursor is core's (the last key or common prefix a page returned),
// passed back to S3 as start-after, so pages resume correctly even after that key is deleted.
// S3 pages are read until one entry more than the page holds is known, which tells whether a
// next page exists. S3 lists no content type or metadata, so each object of a page is described
// by a HEAD (a few at a time); objects deleted in between are left out.
import type { ListPage, ObjectInfo } from '@stowage/core';
import {
  compareObjectKeys,
  encodeListCursor,
  isPastListPosition,
  type ListRequest,
  MAX_LIST_PAGE_SIZE,
  mapLimit,
} from '@stowage/core/adapter';
import { encodeQueryValue } from './key-path.ts';
import { readText, type S3Connection } from './s3-connection.ts';
import { type ListedObjects, parseListObjectsV2 } from './s3-xml.ts';

const DESCRIBE_CONCURRENCY = 16;

interface ListCall {
  prefix: string;
  delimiter?: string | undefined;
  maxKeys: number;
  startAfter?: string | undefined;
  token?: string | undefined;
}

export async function listObjectsV2(connection: S3Connection, call: ListCall): Promise<ListedObjects> {
  const query = [
    ['continuation-token', call.token],
    ['delimiter', call.delimiter],
    ['encoding-type', 'url'],
    ['list-type', '2'],
    ['max-keys', String(call.maxKeys)],
    ['prefix', call.prefix],
    ['start-after', call.startAfter],
  ]
    .filter((pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== '')
    .map(([name, value]) => `${name}=${encodeQueryValue(value)}`)
    .join('&');
  const res = await connection.send({ method: 'GET', query }, '', [200]);
  return parseListObjectsV2(await readText(res));
}

interface Entry {
  name: string;
  isPrefix: boolean;
}

export async function listPage(
  connection: S3Connection,
  { prefix, delimiter, pageSize, start }: ListRequest,
  describe: (key: string) => Promise<ObjectInfo | undefined>,
): Promise<ListPage> {
  const entries: Entry[] = [];
  let token: string | undefined;
  do {
    const listed = await listObjectsV2(connection, {
      prefix,
      delimiter,
      maxKeys: Math.min(MAX_LIST_PAGE_SIZE, pageSize + 1 - entries.length),
      startAfter: token === undefined ? start.after : undefined,
      token,
    });
    const batch = [
      ...listed.keys.map((name) => ({ name, isPrefix: false })),
      ...listed.prefixes.map((name) => ({ name, isPrefix: true })),
    ].sort((a, b) => compareObjectKeys(a.name, b.name));
    // A page that ended on a common prefix resumes after everything under it.
    for (const entry of batch) if (isPastListPosition(entry.name, start)) entries.push(entry);
    token = listed.truncated ? listed.nextToken : undefined;
  } while (token !== undefined && entries.length <= pageSize);

  const taken = entries.slice(0, pageSize);
  const described = await mapLimit(
    taken.filter((e) => !e.isPrefix),
    DESCRIBE_CONCURRENCY,
    (e) => describe(e.name),
  );
  const page: ListPage = {
    objects: described.filter((info): info is ObjectInfo => info !== undefined),
    prefixes: taken.filter((e) => e.isPrefix).map((e) => e.name),
  };
  const last = taken.at(-1);
  if (entries.length > pageSize && last) page.cursor = encodeListCursor(last.name);
  return page;
}

/** Every key under `prefix`, a listing page at a time (no HEADs), for deletePrefix(). */
export async function* keyBatches(connection: S3Connection, prefix: string): AsyncGenerator<string[]> {
  let token: string | undefined;
  do {
    const listed = await listObjectsV2(connection, { prefix, maxKeys: MAX_LIST_PAGE_SIZE, token });
    if (listed.keys.length > 0) yield listed.keys;
    token = listed.truncated ? listed.nextToken : undefined;
  } while (token !== undefined);
}
