// Tag invalidation through version tokens, which works across processes once the store is shared.
// Each tag of a namespace has a version entry (a random token) at `${ns}:__tag:${tag}`. An entry is
// written with the tokens current at write time; a read fetches the tokens of every tag it met
// (one getMany) and treats an entry as a miss when any of them changed. invalidateTags() writes
// fresh tokens, which makes every older entry of those tags a miss at once, without finding them.
//
// A tag with no version entry gets one before an entry is written with it, so every entry records
// a real token. A version entry that is missing later (evicted, or cleared) therefore matches no
// entry: losing it invalidates rather than resurrecting old entries.
import { randomUUID } from 'node:crypto';
import type { CacheOperationContext } from '../diagnostics/diagnostic-contexts.ts';
import { ValidationError } from '../errors/error-classes.ts';
import { tagVersionKey } from './cache-keys.ts';
import { noteOutcome } from './cache-tracing.ts';
import type { KeyvBackend } from './keyv-backend.ts';
import type { StoredRecord, TagVersionPairs } from './stored-record.ts';

const MAX_TAG_BYTES = 1024;

export function newTagToken(): string {
  return randomUUID();
}

/** Throws ValidationError for a tag that is not a non-empty string of at most 1,024 bytes; returns the tags deduplicated. */
export function normalizeTags(tags: readonly string[] | undefined): string[] {
  if (tags === undefined) return [];
  if (!Array.isArray(tags))
    throw new ValidationError('Invalid cache tags: expected an array of strings', [
      { path: 'tags', message: 'expected an array of strings' },
    ]);
  tags.forEach((tag: unknown, index) => {
    if (
      typeof tag !== 'string' ||
      tag.length === 0 ||
      !tag.isWellFormed() ||
      Buffer.byteLength(tag, 'utf8') > MAX_TAG_BYTES
    ) {
      // A lone surrogate would reach the store as U+FFFD: another tag than the one named.
      const message = `must be a non-empty string of valid Unicode, at most ${MAX_TAG_BYTES} bytes`;
      throw new ValidationError(`Invalid cache tag ${JSON.stringify(tag)}: ${message}`, [
        { path: `tags.${index}`, message },
      ]);
    }
  });
  return [...new Set(tags)];
}

/** The current token of each tag, or undefined when the store could not be read. */
async function readVersions(backend: KeyvBackend, namespace: string, tags: readonly string[]) {
  const result = await backend.read(
    'readTagVersions',
    tags.map((tag) => tagVersionKey(namespace, tag)),
  );
  if (!result.ok) return undefined;
  const versions = new Map<string, string>();
  tags.forEach((tag, index) => {
    const record = result.value[index];
    if (record) versions.set(tag, record.payload);
  });
  return versions;
}

/**
 * The tokens to write an entry with, creating tokens for tags that have none. Undefined when the
 * store failed: the entry must then not be written, since its freshness could not be pinned.
 */
export async function snapshotTagVersions(
  backend: KeyvBackend,
  namespace: string,
  tags: readonly string[],
): Promise<TagVersionPairs | undefined> {
  if (tags.length === 0) return [];
  const versions = await readVersions(backend, namespace, tags);
  if (!versions) return undefined;
  const missing = tags.filter((tag) => !versions.has(tag));
  if (missing.length > 0) {
    const fresh = missing.map((tag) => [tag, newTagToken()] as const);
    const written = await backend.write(
      'createTagVersions',
      fresh.map(([tag, token]) => ({
        key: tagVersionKey(namespace, tag),
        record: { payload: token },
        ttl: undefined,
      })),
    );
    if (!written) return undefined;
    for (const [tag, token] of fresh) versions.set(tag, token);
  }
  return tags.map((tag) => [tag, versions.get(tag) as string] as const);
}

/**
 * Gives each tag a fresh token, so every entry written before now with one of them misses; false
 * when the store did not take the tokens.
 */
export async function bumpTagVersions(
  backend: KeyvBackend,
  namespace: string,
  tags: readonly string[],
): Promise<boolean> {
  if (tags.length === 0) return true;
  return backend.write(
    'invalidateTags',
    tags.map((tag) => ({
      key: tagVersionKey(namespace, tag),
      record: { payload: newTagToken() },
      ttl: undefined,
    })),
  );
}

/**
 * The records with every tag still at its recorded version; the others become undefined (misses),
 * noted in a traced call's context as `stale`, or `fail-open` when the versions could not be read.
 */
export async function dropInvalidated(
  backend: KeyvBackend,
  namespace: string,
  records: readonly (StoredRecord | undefined)[],
  context?: CacheOperationContext,
): Promise<(StoredRecord | undefined)[]> {
  const tags = new Set<string>();
  for (const record of records) for (const [tag] of record?.tags ?? []) tags.add(tag);
  if (tags.size === 0) return [...records];
  const current = await readVersions(backend, namespace, [...tags]);
  return records.map((record) => {
    if (!record?.tags || record.tags.length === 0) return record;
    // Unknown versions (store failed) cannot vouch for a tagged entry: a miss is the safe answer.
    if (!current) {
      noteOutcome(context, 'fail-open');
      return undefined;
    }
    if (record.tags.every(([tag, token]) => current.get(tag) === token)) return record;
    noteOutcome(context, 'stale');
    return undefined;
  });
}
