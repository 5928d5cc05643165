import { describe, expect, it } from 'vitest';
import { isStowageError } from '../errors/stowage-error.ts';
import { parseCacheValue, serializeCacheValue } from './value-serializer.ts';

const roundTrip = (value: unknown) => parseCacheValue(serializeCacheValue('k', value));

describe('value serializer', () => {
  it('brings a Buffer back as a Buffer with the same bytes, and only the visible bytes', () => {
    const pooled = Buffer.from('hello world').subarray(6);
    const text = serializeCacheValue('k', pooled);
    const back = parseCacheValue(text);
    expect(Buffer.isBuffer(back)).toBe(true);
    expect((back as Buffer).toString()).toBe('world');
    expect(text.length).toBeLessThan(100);
  });

  it('keeps an empty Buffer a Buffer', () => {
    const back = roundTrip(Buffer.alloc(0));
    expect(Buffer.isBuffer(back)).toBe(true);
    expect((back as Buffer).length).toBe(0);
  });

  it('brings a Uint8Array back as a Uint8Array, not a Buffer', () => {
    const back = roundTrip(new Uint8Array([1, 2, 3]));
    expect(back).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(back)).toBe(false);
    expect([...(back as Uint8Array)]).toEqual([1, 2, 3]);
  });

  it('keeps repeated and cyclic references', () => {
    const shared = { n: 1 };
    const value: Record<string, unknown> = { a: shared, b: shared };
    value.self = value;
    const back = roundTrip(value) as Record<string, unknown>;
    expect(back.a).toBe(back.b);
    expect(back.self).toBe(back);
  });

  it('names the key and the path of a value it cannot serialize', () => {
    try {
      serializeCacheValue('user:1', { profile: { onClick() {} } });
      expect.unreachable();
    } catch (error) {
      expect(isStowageError(error, 'SERIALIZATION')).toBe(true);
      expect((error as Error).message).toContain('"user:1"');
      expect((error as Error).message).toContain('onClick');
      expect((error as Error).cause).toBeInstanceOf(Error);
    }
  });

  it('rejects undefined at the top level but keeps it inside objects', () => {
    expect(() => serializeCacheValue('k', undefined)).toThrow(/undefined cannot be cached/);
    expect(Object.hasOwn(roundTrip({ a: undefined }) as object, 'a')).toBe(true);
  });
});
