// /storage/v1/b/{bucket}/o[/{object}]: list (live objects, or every generation with versions=true),
// get (metadata or alt=media, any generation), patch, update, delete.
import { ApiError } from './api-error.ts';
import type { EmulatorContext } from './context.ts';
import { type Exchange, readJson, sendEmpty, sendResource } from './exchange.ts';
import { type ListQuery, listEntries } from './list-names.ts';
import { globToRegExp } from './match-glob.ts';
import { sendMedia } from './media-download.ts';
import { patchAttributes, replaceAttributes } from './object-attributes.ts';
import { checkReadPreconditions, parseInteger, parsePreconditions } from './preconditions.ts';
import { objectResource } from './resources.ts';

const MAX_PAGE = 1000;

function generationOf(exchange: Exchange): number | undefined {
  return parseInteger('generation', exchange.query.get('generation'));
}

export async function listObjects(
  context: EmulatorContext,
  exchange: Exchange,
  bucket: string,
): Promise<void> {
  const { query } = exchange;
  const maxResults = parseInteger('maxResults', query.get('maxResults'));
  if (maxResults !== undefined && maxResults < 0)
    throw ApiError.invalid(`Invalid value for maxResults: ${maxResults}`);
  const delimiter = query.get('delimiter');
  const glob = query.get('matchGlob');
  const listQuery: ListQuery = {
    prefix: query.get('prefix') ?? '',
    delimiter: delimiter === null || delimiter === '' ? undefined : delimiter,
    startOffset: query.get('startOffset') || undefined,
    endOffset: query.get('endOffset') || undefined,
    includeTrailingDelimiter: query.get('includeTrailingDelimiter') === 'true',
    maxResults: maxResults === undefined || maxResults === 0 ? MAX_PAGE : Math.min(maxResults, MAX_PAGE),
    pageToken: query.get('pageToken') || undefined,
    glob: glob === null || glob === '' ? undefined : globToRegExp(glob),
  };
  // versions=true lists every generation, noncurrent ones (with timeDeleted) before the live one.
  const versions = query.get('versions') === 'true';
  const page = versions
    ? listEntries(context.store.sortedVersions(bucket), listQuery)
    : listEntries(context.store.sortedNames(bucket), listQuery);
  const body: Record<string, unknown> = { kind: 'storage#objects' };
  if (page.nextPageToken !== undefined) body.nextPageToken = page.nextPageToken;
  if (page.prefixes.length > 0) body.prefixes = page.prefixes;
  const items = page.entries.flatMap((entry) => {
    const record = typeof entry === 'string' ? context.store.getObject(bucket, entry) : entry;
    return record === undefined ? [] : [objectResource(record, exchange.baseUrl)];
  });
  if (items.length > 0) body.items = items;
  sendResource(exchange, 200, body);
}

export async function getObject(
  context: EmulatorContext,
  exchange: Exchange,
  bucket: string,
  name: string,
  forceMedia = false,
): Promise<void> {
  const record = context.store.requireObject(bucket, name, generationOf(exchange));
  checkReadPreconditions(record, parsePreconditions(exchange.query));
  if (forceMedia || exchange.query.get('alt') === 'media') {
    await sendMedia(exchange, record, { xml: false });
    return;
  }
  sendResource(exchange, 200, objectResource(record, exchange.baseUrl));
}

export async function patchObject(
  context: EmulatorContext,
  exchange: Exchange,
  bucket: string,
  name: string,
  replace: boolean,
): Promise<void> {
  const body = await readJson(exchange.req);
  const record = await context.store.updateObject(
    bucket,
    name,
    generationOf(exchange),
    parsePreconditions(exchange.query),
    (current) => (replace ? replaceAttributes(current, body) : patchAttributes(current, body)),
  );
  sendResource(exchange, 200, objectResource(record, exchange.baseUrl));
}

export async function deleteObject(
  context: EmulatorContext,
  exchange: Exchange,
  bucket: string,
  name: string,
): Promise<void> {
  // Without generation= a versioned bucket keeps the live generation as a noncurrent one.
  await context.store.deleteObject(bucket, name, generationOf(exchange), parsePreconditions(exchange.query));
  sendEmpty(exchange.res, 204);
}
