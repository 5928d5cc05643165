// What a near cache keeps beside a value read from (or written as) a stored record.
import { tagVersionKey } from '../cache-keys.ts';
import type { StoredRecord } from '../stored-record.ts';
import type { NearFill } from './near-cache.ts';

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
