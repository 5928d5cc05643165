// Backup files as plain files in BACKUP_STORAGE_PATH: `<id>/dump.gz`, `<id>/manifest.json`,
// `<id>/SHA256SUMS`, readable with gunzip, sha256sum and the databases' own tools. Backups the
// previous version wrote there through the local-file object store (`<id>.dir/dump.gz.obj`,
// with a metadata trailer) are still listed and read through that store; new ones never are.
import { open, readdir, readFile, rmdir, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createLocalObjectStore, NotFoundError, type ObjectStore } from '@stowage/core';
import { isTempName, writeFileAtomic } from './atomic-file.ts';
import type { BackupFileEntry, BackupFiles } from './backup-files.ts';
import { isBackupId } from './backup-id.ts';
import { BackupStoreError, FOLDER_VARIABLES } from './backup-store-error.ts';
import { objectBackupFiles } from './object-backup-files.ts';
import { tapSource } from './source-tap.ts';

const isMissing = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

export function folderBackupFiles(root: string): BackupFiles {
  const folder = resolve(root);
  const location = root;
  const variables = FOLDER_VARIABLES;
  const file = (id: string, name: string) => join(folder, id, name);
  const failed = (doing: string, error: unknown) =>
    error instanceof BackupStoreError ? error : new BackupStoreError(doing, location, variables, error);
  // The old layout, read-only; opened on first need (it sweeps its staging folder when created).
  let legacyStore: ObjectStore | undefined;
  const legacy = () => {
    legacyStore ??= createLocalObjectStore({ root: folder, staleTempAfterMs: Infinity });
    return objectBackupFiles(legacyStore, '', { location, variables });
  };
  const notFound = (id: string, name: string, cause: unknown) =>
    NotFoundError.object(`${id}/${name}`, { cause });

  async function plainEntries(): Promise<BackupFileEntry[]> {
    let ids: string[];
    try {
      ids = (await readdir(folder, { withFileTypes: true }))
        .filter((entry) => entry.isDirectory() && isBackupId(entry.name))
        .map((entry) => entry.name);
    } catch (error) {
      if (isMissing(error)) return [];
      throw failed('list backups', error);
    }
    const found: BackupFileEntry[] = [];
    for (const id of ids) {
      try {
        for (const entry of await readdir(join(folder, id), { withFileTypes: true })) {
          if (!entry.isFile() || isTempName(entry.name)) continue;
          const { mtime } = await stat(file(id, entry.name));
          found.push({ id, name: entry.name, lastModified: mtime });
        }
      } catch (error) {
        // Removed by a concurrent prune between the two reads.
        if (!isMissing(error)) throw failed('list backups', error);
      }
    }
    return found;
  }

  return {
    location,
    variables,
    async *entries() {
      const plain = await plainEntries();
      yield* plain;
      const plainIds = new Set(plain.map((entry) => entry.id));
      for await (const entry of legacy().entries()) if (!plainIds.has(entry.id)) yield entry;
    },
    async read(id, name) {
      try {
        return await readFile(file(id, name));
      } catch (error) {
        if (!isMissing(error)) throw failed(`read ${id}/${name}`, error);
      }
      return legacy()
        .read(id, name)
        .catch((error: unknown) => {
          throw error instanceof NotFoundError ? notFound(id, name, error) : error;
        });
    },
    async open(id, name) {
      try {
        // Opened before it is returned, so "absent" is known now and not as a stream error.
        const handle = await open(file(id, name), 'r');
        return handle.createReadStream();
      } catch (error) {
        if (!isMissing(error)) throw failed(`read ${id}/${name}`, error);
      }
      return legacy().open(id, name);
    },
    async write(id, name, body) {
      const source = typeof body === 'string' ? undefined : tapSource(body);
      try {
        await writeFileAtomic(file(id, name), source?.body ?? (body as string));
      } catch (error) {
        if (source?.failure !== undefined) throw source.failure;
        throw failed(`write ${id}/${name}`, error);
      }
    },
    async remove(id, name) {
      try {
        await unlink(file(id, name));
      } catch (error) {
        if (!isMissing(error)) throw failed(`delete ${id}/${name}`, error);
      }
      await legacy().remove(id, name);
      await rmdir(join(folder, id)).catch(() => {}); // only once empty
    },
  };
}
