// Resolves an inclusive HTTP-style byte range against an object's size, the same way for every
// store: `end` omitted means to the last byte, `end` past the size is clamped, and a range that
// selects nothing is the caller's mistake.
import type { ByteRange } from '../../contracts/object-store.ts';
import { ValidationError } from '../../errors/error-classes.ts';

/** Inclusive offsets of the bytes to return. */
export interface ResolvedRange {
  start: number;
  end: number;
}

function invalid(message: string): ValidationError {
  return new ValidationError(`Invalid byte range: ${message}`, [{ path: 'range', message }]);
}

/** Checks what can be checked without the object's size, before any I/O. */
export function assertByteRangeShape(range: ByteRange | undefined): void {
  if (range === undefined) return;
  if (!Number.isSafeInteger(range.start) || range.start < 0) throw invalid('start must be an integer >= 0');
  if (range.end !== undefined) {
    if (!Number.isSafeInteger(range.end) || range.end < 0) throw invalid('end must be an integer >= 0');
    if (range.start > range.end) throw invalid(`start (${range.start}) is after end (${range.end})`);
  }
}

/** The bytes to read, or undefined for the whole object. */
export function resolveByteRange(range: ByteRange | undefined, size: number): ResolvedRange | undefined {
  if (range === undefined) return undefined;
  assertByteRangeShape(range);
  if (range.start >= size) throw invalid(`start (${range.start}) is not before the object's size (${size})`);
  return { start: range.start, end: Math.min(range.end ?? size - 1, size - 1) };
}
