// List cursors are opaque to callers: base64url of the last key or common prefix a page returned.
// Encoding hides the key's bytes from URLs and logs and keeps callers from building their own.
import { ValidationError } from '../../errors/error-classes.ts';

export function encodeCursor(lastKeyOrPrefix: string): string {
  return Buffer.from(lastKeyOrPrefix, 'utf8').toString('base64url');
}

/** The key or prefix a cursor stands for; ValidationError for anything encodeCursor did not make. */
export function decodeCursor(cursor: string): string {
  const invalid = () =>
    new ValidationError('cursor is not one returned by list()', [
      { path: 'cursor', message: 'pass the cursor of the previous page unchanged' },
    ]);
  if (typeof cursor !== 'string' || cursor === '' || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  // Round-tripping rejects truncated or hand-made cursors and invalid UTF-8.
  if (encodeCursor(decoded) !== cursor) throw invalid();
  return decoded;
}
