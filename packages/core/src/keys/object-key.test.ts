import { describe, expect, it } from 'vitest';
import { isStowageError } from '../errors/stowage-error.ts';
import { assertValidCacheKey } from './cache-key.ts';
import { assertValidObjectKey, assertValidObjectPrefix } from './object-key.ts';

const reasonFor = (check: () => void): string | undefined => {
  try {
    check();
    return undefined;
  } catch (error) {
    if (!isStowageError(error, 'INVALID_KEY')) throw error;
    return (error as unknown as { reason: string }).reason;
  }
};

describe('assertValidObjectKey', () => {
  it.each([
    'a',
    'photos/2024/ünï 名前.jpg',
    'a+b%20c d',
    '%2F..%2F',
    '.hidden/file',
    'a/..b/c..',
    'x'.repeat(1024),
    'é'.repeat(512),
    '😀/🎉',
  ])('accepts %j', (key) => {
    expect(reasonFor(() => assertValidObjectKey(key))).toBeUndefined();
  });

  it.each([
    ['', 'empty'],
    ['../etc/passwd', '".."'],
    ['a/../../b', '".."'],
    ['a/./b', '"."'],
    ['..', '".."'],
    ['/abs', 'starts with "/"'],
    ['a//b', 'empty path segment'],
    ['dir/', 'empty path segment'],
    ['a\u0000b', 'control character'],
    ['line\nbreak', 'control character'],
    ['del\u007f', 'control character'],
    ['c1\u0085', 'control character'],
    ['win\\path', 'backslash'],
    ['x'.repeat(1025), 'longer than 1024 bytes'],
    ['é'.repeat(513), 'longer than 1024 bytes'],
    ['lone\ud800', 'surrogate'],
  ])('rejects %j (%s)', (key, reason) => {
    expect(reasonFor(() => assertValidObjectKey(key))).toContain(reason);
  });

  it('never echoes control characters raw in the message', () => {
    try {
      assertValidObjectKey('a\u001bb');
    } catch (error) {
      expect((error as Error).message).not.toContain('\u001b');
      expect((error as Error).message).toContain('\\u001b');
    }
  });
});

describe('assertValidObjectPrefix', () => {
  it('accepts "" and a trailing slash, rejects traversal', () => {
    expect(reasonFor(() => assertValidObjectPrefix(''))).toBeUndefined();
    expect(reasonFor(() => assertValidObjectPrefix('photos/'))).toBeUndefined();
    expect(reasonFor(() => assertValidObjectPrefix('pho'))).toBeUndefined();
    expect(reasonFor(() => assertValidObjectPrefix('../'))).toContain('".."');
    expect(reasonFor(() => assertValidObjectPrefix('a//'))).toContain('empty path segment');
  });
});

describe('assertValidCacheKey', () => {
  it('accepts any non-empty key up to 1,024 bytes', () => {
    expect(reasonFor(() => assertValidCacheKey('user:1 ü+%'))).toBeUndefined();
    expect(reasonFor(() => assertValidCacheKey(''))).toContain('non-empty');
    expect(reasonFor(() => assertValidCacheKey('k'.repeat(1025)))).toContain('1024 bytes');
  });

  it('refuses a lone surrogate: in UTF-8 it would be another key (U+FFFD)', () => {
    expect(reasonFor(() => assertValidCacheKey('a\uD800'))).toContain('lone surrogate');
    expect(reasonFor(() => assertValidCacheKey('\uDC00b'))).toContain('lone surrogate');
    expect(reasonFor(() => assertValidCacheKey('emoji 😀'))).toBeUndefined();
  });
});
