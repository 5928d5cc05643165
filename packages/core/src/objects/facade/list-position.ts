// Where a listing resumes. Keys at or before `after` are skipped; when `after` is a common prefix
// (skipUnder), every key beneath it is skipped too, since that prefix was already reported.
// Stores read the position live while scanning, so a scan can prune subtrees that a page has
// just folded into a common prefix.
import { compareKeys } from './key-order.ts';

export interface ListPosition {
  after: string | undefined;
  skipUnder: boolean;
}

/** True when `key` comes after the position, so it belongs on this or a later page. */
export function isPastPosition(key: string, position: ListPosition): boolean {
  const { after } = position;
  if (after === undefined) return true;
  if (position.skipUnder && key.startsWith(after)) return false;
  return compareKeys(key, after) > 0;
}

/**
 * True when some key starting with `keyPrefix` may come after the position, so a scan must
 * look beneath it. Extensions of a string all sort after it and before anything greater that is
 * not itself an extension, which makes a prefix test plus one comparison enough.
 */
export function mayHaveKeysPastPosition(keyPrefix: string, position: ListPosition): boolean {
  const { after } = position;
  if (after === undefined) return true;
  if (position.skipUnder && keyPrefix.startsWith(after)) return false;
  if (after.startsWith(keyPrefix)) return true;
  return compareKeys(keyPrefix, after) > 0;
}

/** True when a scan under `keyPrefix` can find keys starting with the listing's `prefix`. */
export function overlapsPrefix(keyPrefix: string, prefix: string): boolean {
  return keyPrefix.startsWith(prefix) || prefix.startsWith(keyPrefix);
}
