// The seam for cross-process single-flight. The in-process single-flight already collapses
// concurrent wrap() calls within one process; a backend that several processes share (the Redis
// package) can pass a CacheLock to createKeyvCache so that only one process runs the loader for a
// cold key while the others wait briefly for its result. Nothing in core implements it.

/** Releases a lock taken by acquire(). */
export type CacheLockRelease = () => Promise<void>;

export interface CacheLock {
  /**
   * Tries to take the loading lock for a full cache key (namespace included) for at most
   * `leaseMs`. Resolves to a release function when taken, or null when another process holds it.
   * Failures and timeouts are absorbed: the caller then loads without the lock.
   */
  acquire(key: string, leaseMs: number): Promise<CacheLockRelease | null>;
  /** How long a lock may be held before it lapses; default 10 s. */
  readonly leaseMs?: number;
  /** How long a process that did not get the lock waits for the holder's result before loading itself; default 2 s. */
  readonly waitMs?: number;
  /** How often that process looks for the result; default 50 ms. */
  readonly pollMs?: number;
}

export const DEFAULT_LOCK_LEASE_MS = 10_000;
export const DEFAULT_LOCK_WAIT_MS = 2_000;
export const DEFAULT_LOCK_POLL_MS = 50;
