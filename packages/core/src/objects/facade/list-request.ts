// Checks list() options once, before any I/O, and turns the cursor back into a position.
import type { ListOptions } from '../../contracts/object-store.ts';
import { ValidationError } from '../../errors/error-classes.ts';
import { assertValidObjectPrefix } from '../../keys/object-key.ts';
import { decodeCursor } from './list-cursor.ts';
import type { ListPosition } from './list-position.ts';

/** S3's limit per ListObjectsV2 call; every store uses it as default and maximum. */
export const MAX_LIST_PAGE_SIZE = 1000;

export interface ListRequest {
  prefix: string;
  delimiter: string | undefined;
  pageSize: number;
  start: ListPosition;
}

export function resolveListRequest(options: ListOptions = {}): ListRequest {
  const prefix = options.prefix ?? '';
  assertValidObjectPrefix(prefix);

  const pageSize = options.pageSize ?? MAX_LIST_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_LIST_PAGE_SIZE) {
    throw new ValidationError(`pageSize must be an integer from 1 to ${MAX_LIST_PAGE_SIZE}`, [
      { path: 'pageSize', message: `expected 1..${MAX_LIST_PAGE_SIZE}, got ${String(pageSize)}` },
    ]);
  }

  if (options.delimiter !== undefined && typeof options.delimiter !== 'string') {
    throw new ValidationError('delimiter must be a string', [
      { path: 'delimiter', message: 'expected a string' },
    ]);
  }
  // As in S3, an empty delimiter means no grouping.
  const delimiter = options.delimiter === '' ? undefined : options.delimiter;

  const start: ListPosition = { after: undefined, skipUnder: false };
  if (options.cursor !== undefined) {
    const after = decodeCursor(options.cursor);
    start.after = after;
    // A page ends on a common prefix exactly when the rest after the prefix holds the delimiter:
    // keys like that are always folded into a prefix, never returned as objects.
    start.skipUnder =
      delimiter !== undefined && after.startsWith(prefix) && after.indexOf(delimiter, prefix.length) >= 0;
  }
  return { prefix, delimiter, pageSize, start };
}
