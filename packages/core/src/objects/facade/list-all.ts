// listAll() for any store: follows list() cursors page after page.
import type { ListOptions, ListPage, ObjectInfo } from '../../contracts/object-store.ts';

export async function* listAllPages(
  list: (options: ListOptions) => Promise<ListPage>,
  options: Omit<ListOptions, 'cursor' | 'delimiter'> = {},
): AsyncGenerator<ObjectInfo> {
  let cursor: string | undefined;
  do {
    const page = await list(cursor === undefined ? { ...options } : { ...options, cursor });
    yield* page.objects;
    cursor = page.cursor;
  } while (cursor !== undefined);
}
