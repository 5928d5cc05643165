// Object keys are checked here, once, before any backend does I/O. The rules are the strictest
// common ground of S3, GCS and a local file system, so a key valid on one store is valid on all.
import { InvalidKeyError } from '../errors/error-classes.ts';

/** S3 and GCS both cap keys at 1,024 bytes of UTF-8. */
export const MAX_OBJECT_KEY_BYTES = 1024;

// C0 controls, DEL and C1 controls: invisible, and unsafe in headers, logs and file names.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function problemWith(key: string, kind: 'key' | 'prefix'): string | undefined {
  if (typeof key !== 'string') return `${kind} must be a string`;
  if (kind === 'key' && key.length === 0) return 'key is empty';
  if (Buffer.byteLength(key, 'utf8') > MAX_OBJECT_KEY_BYTES)
    return `longer than ${MAX_OBJECT_KEY_BYTES} bytes of UTF-8`;
  if (CONTROL.test(key)) return 'contains a control character';
  if (key.startsWith('/')) return 'starts with "/"';
  if (key.includes('\\')) return 'contains a backslash';
  if (!key.isWellFormed()) return 'contains a lone surrogate (not valid Unicode)';
  const segments = key.split('/');
  // A prefix may end with "/" (its last segment is then empty); a key may not.
  const inner = kind === 'prefix' ? segments.slice(0, -1) : segments;
  if (inner.some((s) => s === '')) return 'contains an empty path segment ("//" or a trailing "/")';
  if (segments.some((s) => s === '.' || s === '..')) return 'contains a "." or ".." path segment';
  return undefined;
}

/** Throws InvalidKeyError unless `key` is a safe object key. */
export function assertValidObjectKey(key: string): void {
  const problem = problemWith(key, 'key');
  if (problem) throw new InvalidKeyError(String(key), problem);
}

/** Like assertValidObjectKey, for a listing prefix: "" and a trailing "/" are allowed. */
export function assertValidObjectPrefix(prefix: string): void {
  if (prefix === '') return;
  const problem = problemWith(prefix, 'prefix');
  if (problem) throw new InvalidKeyError(String(prefix), problem);
}

/** For deletePrefix(): a valid prefix that is not empty, since deleting everything must be explicit. */
export function assertDeletablePrefix(prefix: string): void {
  if (prefix === '')
    throw new InvalidKeyError(
      prefix,
      'deletePrefix() needs a non-empty prefix; deleting everything must be explicit',
    );
  assertValidObjectPrefix(prefix);
}
