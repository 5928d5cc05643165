// The newest complete backup in an application's own object store, for its metrics: where
// `stowage backup create` puts backups unless BACKUP_STORAGE_PATH sends them to a folder. One
// listing of the prefix and one manifest read (an older one only when the newest is damaged).
import type { ObjectStore } from '@stowage/core';
import { backupStore } from './backup-store.ts';

/** The backups' prefix when stowage.config.ts does not set `backup.prefix`. */
export const DEFAULT_BACKUP_PREFIX = 'backups/';

export interface BackupSummary {
  readonly id: string;
  readonly finishedAt: Date;
  /** The stored (gzip) dump's size, in bytes. */
  readonly bytes: number;
}

export async function newestBackup(
  objects: ObjectStore,
  prefix: string = DEFAULT_BACKUP_PREFIX,
): Promise<BackupSummary | undefined> {
  const store = backupStore(objects, prefix, { location: prefix, variables: 'OBJECT_STORE_*' });
  const manifest = await store.newest();
  if (!manifest) return undefined;
  return { id: manifest.id, finishedAt: new Date(manifest.finishedAt), bytes: manifest.size };
}
