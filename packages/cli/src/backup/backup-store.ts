// What the backups are, over their files (backup-files.ts): each backup is `<id>/dump.gz`, then
// `<id>/SHA256SUMS`, then `<id>/manifest.json`, written in that order (the manifest last: a
// backup without one never finished) and deleted in the reverse order. A manifest that cannot
// be read is listed as damaged, never fatal to a listing.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { IntegrityError, NotFoundError, type ObjectStore } from '@stowage/core';
import { type BackupFiles, DUMP, MANIFEST, SUMS } from './backup-files.ts';
import { isBackupId } from './backup-id.ts';
import { folderBackupFiles } from './folder-backup-files.ts';
import type { BackupManifest } from './manifest.ts';
import { damageReason, parseManifest, sha256sums } from './manifest-file.ts';
import { objectBackupFiles, type StorePlace } from './object-backup-files.ts';

export interface DamagedBackup {
  id: string;
  /** Why its manifest was refused. */
  reason: string;
}

export interface BackupListing {
  /** Complete backups with a readable manifest, newest first. */
  backups: BackupManifest[];
  /** Backups whose manifest is damaged or names another backup, newest first. */
  damaged: DamagedBackup[];
}

/** A listing plus what prune needs, from one pass over the store's files. */
export interface BackupInventory extends BackupListing {
  /** Ids that have a dump. */
  withDump: Set<string>;
  /** Ids with a dump but no manifest (a create that died mid-way), with when the dump was written. */
  incomplete: { id: string; lastModified: Date }[];
}

export interface BackupStore {
  /** Where backups go, for messages: "s3://bucket/backups/" or a folder. */
  readonly location: string;
  /** The variables that configure the store, for messages. */
  readonly variables: string;
  list(): Promise<BackupListing>;
  /** The listing, the ids with a dump and the incomplete backups, from one listing of the store. */
  inventory(): Promise<BackupInventory>;
  /** The newest backup with a readable manifest (ids start with their UTC time). */
  newest(): Promise<BackupManifest | undefined>;
  /** A backup's manifest; NotFoundError (saying how to find ids) when there is none. */
  read(id: string): Promise<BackupManifest>;
  writeDump(id: string, body: Readable): Promise<void>;
  openDump(id: string): Promise<Readable>;
  /** Writes SHA256SUMS, then the manifest, which completes the backup. */
  writeManifest(manifest: BackupManifest): Promise<void>;
  remove(id: string): Promise<void>;
}

/** Backups as objects under `prefix`; `place` says where that is, for messages. */
export function backupStore(objects: ObjectStore, prefix: string, place: StorePlace): BackupStore {
  return storeOver(objectBackupFiles(objects, prefix, place));
}

/** Backups as plain files in a folder (BACKUP_STORAGE_PATH). */
export function folderBackupStore(root: string): BackupStore {
  return storeOver(folderBackupFiles(root));
}

const byIdNewestFirst = (a: { id: string }, b: { id: string }) => b.id.localeCompare(a.id);

function storeOver(files: BackupFiles): BackupStore {
  const { location } = files;
  const notFound = (id: string, cause?: unknown) =>
    new NotFoundError(
      `No backup ${JSON.stringify(id)} in ${location}; \`stowage backup list\` shows the ids (add --json for scripts)`,
      { cause, context: { id } },
    );
  /** One pass over the files: each id's file names, and when its dump was written. */
  const scan = async () => {
    const byId = new Map<string, { names: Set<string>; dumpWritten?: Date }>();
    for await (const { id, name, lastModified } of files.entries()) {
      const entry = byId.get(id) ?? { names: new Set<string>() };
      entry.names.add(name);
      if (name === DUMP) entry.dumpWritten = lastModified;
      byId.set(id, entry);
    }
    return byId;
  };
  const store: BackupStore = {
    location,
    variables: files.variables,
    async list() {
      const { backups, damaged } = await store.inventory();
      return { backups, damaged };
    },
    async inventory() {
      const byId = await scan();
      const backups: BackupManifest[] = [];
      const damaged: DamagedBackup[] = [];
      const withDump = new Set<string>();
      const incomplete: BackupInventory['incomplete'] = [];
      for (const [id, { names, dumpWritten }] of byId) {
        if (dumpWritten) withDump.add(id);
        if (dumpWritten && !names.has(MANIFEST)) incomplete.push({ id, lastModified: dumpWritten });
        if (!names.has(MANIFEST)) continue;
        try {
          backups.push(parseManifest(id, await files.read(id, MANIFEST)));
        } catch (error) {
          if (error instanceof NotFoundError) continue; // removed meanwhile
          if (!(error instanceof IntegrityError)) throw error;
          damaged.push({ id, reason: damageReason(error) });
        }
      }
      backups.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || byIdNewestFirst(a, b));
      return { backups, damaged: damaged.sort(byIdNewestFirst), withDump, incomplete };
    },
    async newest() {
      const ids = [...(await scan())]
        .filter(([, { names }]) => names.has(MANIFEST))
        .map(([id]) => id)
        .sort()
        .reverse();
      for (const id of ids) {
        try {
          return await store.read(id);
        } catch (error) {
          if (!(error instanceof IntegrityError || error instanceof NotFoundError)) throw error;
        }
      }
      return undefined;
    },
    async read(id) {
      // An id is a key segment: anything else cannot name a backup (and must not reach a key).
      if (!isBackupId(id)) throw notFound(id);
      let bytes: Buffer;
      try {
        bytes = await files.read(id, MANIFEST);
      } catch (error) {
        if (error instanceof NotFoundError) throw notFound(id, error);
        throw error;
      }
      return parseManifest(id, bytes);
    },
    writeDump: (id, body) => files.write(id, DUMP, body, 'application/gzip'),
    async openDump(id) {
      try {
        return await files.open(id, DUMP);
      } catch (error) {
        if (error instanceof NotFoundError) throw notFound(id, error);
        throw error;
      }
    },
    async writeManifest(manifest) {
      const json = `${JSON.stringify(manifest, null, 2)}\n`;
      const sums = sha256sums([
        { name: DUMP, sha256: manifest.sha256 },
        { name: MANIFEST, sha256: createHash('sha256').update(json).digest('hex') },
      ]);
      await files.write(manifest.id, SUMS, sums, 'text/plain');
      await files.write(manifest.id, MANIFEST, json, 'application/json');
    },
    async remove(id) {
      if (!isBackupId(id)) throw notFound(id);
      for (const name of [MANIFEST, SUMS, DUMP]) await files.remove(id, name);
    },
  };
  return store;
}
