// Builds one list() page from a store's ordered key scan, shared by every in-process store so
// paging, delimiter grouping and cursors behave the same everywhere.
import type { ListPage, ObjectInfo } from '../../contracts/object-store.ts';
import { encodeCursor } from './list-cursor.ts';
import { isPastPosition, type ListPosition } from './list-position.ts';
import type { ListRequest } from './list-request.ts';

/**
 * Yields keys starting with `prefix` in ascending UTF-8 byte order. It may read `position` after
 * every yield to skip what the page no longer needs; it may also yield too much (the page filters).
 */
export type KeyScan = (prefix: string, position: ListPosition) => AsyncIterable<string>;

/** The object's info, or undefined when it vanished since the scan saw it. */
export type DescribeKey = (key: string) => Promise<ObjectInfo | undefined>;

export async function collectListPage(
  request: ListRequest,
  scan: KeyScan,
  describe: DescribeKey,
): Promise<ListPage> {
  const { prefix, delimiter, pageSize } = request;
  const position: ListPosition = { ...request.start };
  const objects: ObjectInfo[] = [];
  const prefixes: string[] = [];
  let more = false;

  for await (const key of scan(prefix, position)) {
    if (!key.startsWith(prefix) || !isPastPosition(key, position)) continue;
    if (objects.length + prefixes.length >= pageSize) {
      more = true;
      break;
    }
    const cut = delimiter === undefined ? -1 : key.indexOf(delimiter, prefix.length);
    if (delimiter !== undefined && cut >= 0) {
      const common = key.slice(0, cut + delimiter.length);
      prefixes.push(common);
      position.after = common;
      position.skipUnder = true;
      continue;
    }
    const info = await describe(key);
    position.after = key;
    position.skipUnder = false;
    if (info) objects.push(info);
  }

  const page: ListPage = { objects, prefixes };
  if (more && position.after !== undefined) page.cursor = encodeCursor(position.after);
  return page;
}
