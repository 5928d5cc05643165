import { describe, expect, it } from 'vitest';
import { isStowageError } from '../errors/stowage-error.ts';
import {
  assertValidNamespace,
  childNamespace,
  entryKey,
  namespacePrefix,
  tagVersionKey,
} from './cache-keys.ts';

describe('cache key layout', () => {
  it('never maps a key of a parent onto a key of a child namespace', () => {
    expect(entryKey('app', 'users:1')).not.toBe(entryKey('app:users', '1'));
    expect(entryKey('app', 'users:1').startsWith(namespacePrefix('app:users'))).toBe(false);
  });

  it('keeps user keys out of the tag area', () => {
    expect(entryKey('app', '__tag:x')).not.toBe(tagVersionKey('app', 'x'));
    expect(entryKey('app', '__tag:x').startsWith('app:__tag:')).toBe(false);
  });

  it('escapes reversibly, so distinct keys stay distinct', () => {
    expect(entryKey('n', 'a%3Ab')).not.toBe(entryKey('n', 'a:b'));
  });

  it('puts tag versions and children under the namespace prefix', () => {
    expect(tagVersionKey('app', 't').startsWith(namespacePrefix('app'))).toBe(true);
    expect(entryKey(childNamespace('app', 'users'), 'k').startsWith(namespacePrefix('app'))).toBe(true);
    expect(entryKey('apple', 'k').startsWith(namespacePrefix('app'))).toBe(false);
  });

  it.each(['', 'a::b', ':a', 'a:', '__tag', 'app:__x', 'has space'])('rejects namespace %j', (namespace) => {
    expect(() => assertValidNamespace(namespace)).toThrow();
    try {
      assertValidNamespace(namespace);
    } catch (error) {
      expect(isStowageError(error, 'VALIDATION')).toBe(true);
    }
  });

  it('accepts nested namespaces', () => {
    expect(() => assertValidNamespace('stowage:users-v2')).not.toThrow();
  });
});
