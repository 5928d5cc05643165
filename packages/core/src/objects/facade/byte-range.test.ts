import { describe, expect, it } from 'vitest';
import { isStowageError } from '../../errors/stowage-error.ts';
import { resolveByteRange } from './byte-range.ts';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('resolveByteRange', () => {
  it('reads to the end when end is omitted and clamps an end past the size', () => {
    expect(resolveByteRange({ start: 3 }, 10)).toEqual({ start: 3, end: 9 });
    expect(resolveByteRange({ start: 8, end: 100 }, 10)).toEqual({ start: 8, end: 9 });
    expect(resolveByteRange(undefined, 10)).toBeUndefined();
  });

  it.each([
    [{ start: 10 }, 10],
    [{ start: 0 }, 0],
    [{ start: 5, end: 4 }, 10],
    [{ start: -1 }, 10],
    [{ start: 1.5 }, 10],
  ])('rejects %j on a %i-byte object with a VALIDATION error naming the range', (range, size) => {
    const error = errorOf(() => resolveByteRange(range, size));
    expect(isStowageError(error, 'VALIDATION')).toBe(true);
    expect((error as { issues: { path: string }[] }).issues[0]?.path).toBe('range');
  });
});
