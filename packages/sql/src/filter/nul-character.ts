// A NUL character (U+0000) in a string: PostgreSQL cannot store one in text or JSON, and SQLite
// ends C strings at it. Refused on every dialect alike, before any SQL.
import type { ValidationIssue } from '@stowage/core';

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => containsNul(item, depth + 1));
  if (value instanceof Date || ArrayBuffer.isView(value)) return false;
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item, depth + 1));
}

/** The issue for a value holding a NUL character (in a string, or nested in JSON), if it does. */
export function nulIssue(value: unknown, path: string): ValidationIssue | undefined {
  return containsNul(value)
    ? { path, message: 'must not contain a NUL character (U+0000), which databases cannot store' }
    : undefined;
}
