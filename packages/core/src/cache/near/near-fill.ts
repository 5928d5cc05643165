// The near cache as the keyv cache's read paths use it: a hit (counted), and what it keeps
// beside a value read from (or written as) a stored record.
import { tagVersionKey } from '../cache-keys.ts';
import type { KeyvBackend } from '../keyv-backend.ts';
import type { StoredRecord } from '../stored-record.ts';
import type { NearFill } from './near-cache.ts';

/**
 * The held value for `fullKey` read with `codec`, counted as a hit; undefined without a near
 * cache, when it holds nothing, or while an invalidation of the key waits for its retry.
 */
export function nearHit(
  backend: KeyvBackend,
  fullKey: string,
  codec: string | undefined,
): { value: unknown } | undefined {
  const { near } = backend;
  if (!near || backend.isPending(fullKey)) return undefined;
  const held = near.get(fullKey, codec);
  if (held) backend.stats.hits += 1;
  return held;
}

export function nearFillOf(
  record: StoredRecord,
  namespace: string,
  codec: string | undefined,
  expires: number | undefined,
): NearFill {
  return {
    payload: record.payload,
    codec,
    expires,
    tagKeys: record.tags?.map(([tag]) => tagVersionKey(namespace, tag)),
  };
}
