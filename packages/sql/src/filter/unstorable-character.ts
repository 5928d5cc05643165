// Characters no database stores as sent, refused on every dialect alike before any SQL: a NUL
// (U+0000) — PostgreSQL cannot store it in text or JSON, SQLite's C strings end at it — and a lone
// UTF-16 surrogate, which drivers encode to UTF-8 as U+FFFD, so the row would silently differ from
// what was written (and a filter would match other rows).
import type { ValidationIssue } from '@stowage/core';

type Unstorable = 'nul' | 'surrogate';

function unstorableIn(value: unknown, depth = 0): Unstorable | undefined {
  if (typeof value === 'string') return unstorableString(value);
  if (depth > 64 || typeof value !== 'object' || value === null) return undefined;
  if (value instanceof Date || ArrayBuffer.isView(value)) return undefined;
  const items = Array.isArray(value) ? value : Object.entries(value).flat();
  for (const item of items) {
    const found = unstorableIn(item, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function unstorableString(value: string): Unstorable | undefined {
  if (value.includes('\u0000')) return 'nul';
  return value.isWellFormed() ? undefined : 'surrogate';
}

const MESSAGES: Record<Unstorable, string> = {
  nul: 'must not contain a NUL character (U+0000), which databases cannot store',
  surrogate:
    'must not contain a lone UTF-16 surrogate (not valid Unicode), which databases cannot store as sent',
};

/** The issue for a value holding an unstorable character (in a string, or nested in JSON), if it does. */
export function unstorableIssue(value: unknown, path: string): ValidationIssue | undefined {
  const found = unstorableIn(value);
  return found ? { path, message: MESSAGES[found] } : undefined;
}
