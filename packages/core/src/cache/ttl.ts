// TTLs are milliseconds. Rejecting bad values up front keeps them from meaning "forever" in one
// store and "already expired" in another.
import { ValidationError } from '../errors/error-classes.ts';

/** Throws ValidationError unless `ttl` is a positive, finite number of milliseconds. */
export function assertValidTtl(ttl: unknown, path = 'ttl'): asserts ttl is number {
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0) {
    const message = `must be a positive, finite number of milliseconds (got ${String(ttl)})`;
    throw new ValidationError(`Invalid cache ${path}: ${message}`, [{ path, message }]);
  }
}

/**
 * The TTL to store with: the explicit one, else the default, else none. Rounded up to whole
 * milliseconds because Redis' PX rejects fractions.
 */
export function resolveTtl(ttl: number | undefined, defaultTtl: number | undefined): number | undefined {
  if (ttl === undefined) return defaultTtl;
  assertValidTtl(ttl);
  return Math.ceil(ttl);
}
