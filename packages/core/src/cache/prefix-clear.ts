// clear() must remove one namespace (and its children) and nothing else. keyv's own clear() is not
// usable: on a Map it empties the whole Map, and @keyv/redis without a namespace flushes the
// database. So the cache deletes by key prefix, choosing the first strategy that fits:
//   1. a `clearPrefix` function given to createKeyvCache (the Redis package: SCAN MATCH + UNLINK);
//   2. a Map store: walk its keys (they are the full keys, since keyv's prefixing is off);
//   3. a store with an iterator(): walk every key and delete the matching ones (slow but correct);
//   4. otherwise none (undefined): clear() then throws NotSupportedError rather than guess.
import type { KeyvStoreAdapter } from 'keyv';

export type ClearPrefix = (prefix: string) => Promise<void>;

export function createPrefixClear(
  store: KeyvStoreAdapter | Map<unknown, unknown>,
  custom: ClearPrefix | undefined,
): ClearPrefix | undefined {
  if (custom) return custom;
  if (store instanceof Map) {
    return async (prefix) => {
      // Deleting the entry just visited is safe while iterating a Map.
      for (const key of store.keys()) {
        if (typeof key === 'string' && key.startsWith(prefix)) store.delete(key);
      }
    };
  }
  const iterate = store.iterator?.bind(store);
  if (iterate) {
    return async (prefix) => {
      const doomed: string[] = [];
      for await (const [key] of iterate()) {
        if (typeof key === 'string' && key.startsWith(prefix)) doomed.push(key);
      }
      if (doomed.length === 0) return;
      if (store.deleteMany) await store.deleteMany(doomed);
      else await Promise.all(doomed.map((key) => store.delete(key)));
    };
  }
  return undefined;
}
