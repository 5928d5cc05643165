// Backup files as objects `<prefix><id>/<name>` of the configured object store.
import { NotFoundError, type ObjectStore } from '@stowage/core';
import type { BackupFiles } from './backup-files.ts';
import { isBackupId } from './backup-id.ts';
import { BackupStoreError } from './backup-store-error.ts';
import { tapSource } from './source-tap.ts';

/** Where a store is, for messages: its location and the variables that configure it. */
export interface StorePlace {
  location: string;
  variables: string;
}

export function objectBackupFiles(objects: ObjectStore, prefix: string, place: StorePlace): BackupFiles {
  const { location, variables } = place;
  const key = (id: string, name: string) => `${prefix}${id}/${name}`;
  /** Runs a store call; "absent" stays a NotFoundError, anything else names the store. */
  const guard = async <T>(doing: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof BackupStoreError) throw error;
      throw new BackupStoreError(doing, location, variables, error);
    }
  };
  return {
    location,
    variables,
    async *entries() {
      const all = objects.listAll({ prefix });
      const iterator = all[Symbol.asyncIterator]();
      while (true) {
        const next = await guard('list backups', () => iterator.next());
        if (next.done) return;
        const [id, name, extra] = next.value.key.slice(prefix.length).split('/');
        if (extra === undefined && name && id && isBackupId(id)) {
          yield { id, name, lastModified: next.value.lastModified };
        }
      }
    },
    read: (id, name) => guard(`read ${id}/${name}`, () => objects.getBytes(key(id, name))),
    open: (id, name) => guard(`read ${id}/${name}`, async () => (await objects.get(key(id, name))).body),
    async write(id, name, body, contentType) {
      const source = typeof body === 'string' ? undefined : tapSource(body);
      try {
        await objects.put(key(id, name), source?.body ?? body, { contentType });
      } catch (error) {
        // The body's own failure (the dump) is the caller's to report, not the store's.
        if (source?.failure !== undefined) throw source.failure;
        throw new BackupStoreError(`write ${id}/${name}`, location, variables, error);
      }
    },
    async remove(id, name) {
      await guard(`delete ${id}/${name}`, () => objects.delete(key(id, name)));
    },
  };
}
