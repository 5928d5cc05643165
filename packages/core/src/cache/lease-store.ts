// The seam cache leases need from a store: read an entry's stored text as is, and replace it only
// if it still is what was read (compare-and-set). The Map store gets it here (one synchronous
// step is atomic in-process); the Redis package passes a Lua-based one. Stores without it give
// leases that never fill, so a cached repository on them simply reads through.
export interface LeaseStore {
  /** The stored text at a full key; null or undefined when there is none (as drivers answer). */
  read(key: string): Promise<string | null | undefined>;
  /**
   * Writes `next` at `key` (expiring after `ttlMs`, when given) only if the key still holds
   * `expected` (undefined: holds nothing); true when written.
   */
  compareAndSet(
    key: string,
    expected: string | undefined,
    next: string,
    ttlMs: number | undefined,
  ): Promise<boolean>;
}

export function mapLeaseStore(map: Map<unknown, unknown>): LeaseStore {
  return {
    async read(key) {
      const raw = map.get(key);
      return typeof raw === 'string' ? raw : undefined;
    },
    async compareAndSet(key, expected, next) {
      // Expiry is in the record itself (keyv checks it on read), as for every Map entry.
      const raw = map.get(key);
      if ((typeof raw === 'string' ? raw : undefined) !== expected) return false;
      map.set(key, next);
      return true;
    },
  };
}
