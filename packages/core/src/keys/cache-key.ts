import { InvalidKeyError } from '../errors/error-classes.ts';

export const MAX_CACHE_KEY_BYTES = 1024;

/**
 * Cache keys: non-empty strings of at most 1,024 bytes, so every backend can store them, and valid
 * Unicode: a lone surrogate becomes U+FFFD in UTF-8, so Redis would store (and announce changes
 * of) another key than the one asked for — "a\uD800" and "a\uFFFD" would be one entry.
 */
export function assertValidCacheKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0)
    throw new InvalidKeyError(String(key), 'cache key must be a non-empty string');
  if (!key.isWellFormed())
    throw new InvalidKeyError(key, 'cache key contains a lone surrogate (not valid Unicode)');
  // A UTF-16 unit is at most 3 bytes of UTF-8: short keys need no count (a hot path).
  if (key.length * 3 > MAX_CACHE_KEY_BYTES && Buffer.byteLength(key, 'utf8') > MAX_CACHE_KEY_BYTES) {
    throw new InvalidKeyError(key, `cache key is longer than ${MAX_CACHE_KEY_BYTES} bytes of UTF-8`);
  }
}
