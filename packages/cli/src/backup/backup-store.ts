// Where backups live: the configured object store under a prefix ("backups/"), or the folder
// BACKUP_STORAGE_PATH as a local-file store. Each backup is two objects, `<id>/dump.gz` and
// `<id>/manifest.json`; the manifest is written after the dump and deleted before it.
import { IntegrityError, NotFoundError, type ObjectStore } from '@stowage/core';
import { isBackupId } from './backup-id.ts';
import { type BackupManifest, manifestSchema } from './manifest.ts';

export interface BackupStore {
  /** Where backups go, for messages: "s3://bucket/backups/" or a folder. */
  readonly location: string;
  readonly objects: ObjectStore;
  dumpKey(id: string): string;
  /** Every complete backup, newest first. */
  list(): Promise<BackupManifest[]>;
  /** The newest complete backup, reading only its manifest (ids start with their UTC time). */
  newest(): Promise<BackupManifest | undefined>;
  /** Ids with a dump but no manifest (a create that died mid-way), with when the dump was written. */
  listIncomplete(): Promise<{ id: string; lastModified: Date }[]>;
  /** A backup's manifest; NotFoundError (saying how to find ids) when there is none. */
  read(id: string): Promise<BackupManifest>;
  writeManifest(manifest: BackupManifest): Promise<void>;
  remove(id: string): Promise<void>;
}

const DUMP = 'dump.gz';
const MANIFEST = 'manifest.json';

export function backupStore(objects: ObjectStore, prefix: string, location: string): BackupStore {
  const key = (id: string, file: string) => `${prefix}${id}/${file}`;
  const parse = (id: string, bytes: Buffer) => {
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {}
    const parsed = manifestSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new IntegrityError(
        `The manifest of backup ${id} is damaged (${issue ? `${issue.path.join('.') || 'whole file'}: ${issue.message}` : 'unreadable'})`,
        { context: { id } },
      );
    }
    return parsed.data;
  };
  const notFound = (id: string, cause?: unknown) =>
    new NotFoundError(
      `No backup ${JSON.stringify(id)} in ${location}; \`stowage backup list\` shows the ids (add --json for scripts)`,
      { cause, context: { id } },
    );
  /** The backup files under the prefix: `<id>/<file>` with a well-formed id. */
  async function* entries() {
    for await (const info of objects.listAll({ prefix })) {
      const [id, file, extra] = info.key.slice(prefix.length).split('/');
      if (extra === undefined && file && id && isBackupId(id)) yield { id, file, info };
    }
  }
  const store: BackupStore = {
    location,
    objects,
    dumpKey: (id) => key(id, DUMP),
    async list() {
      const manifests: BackupManifest[] = [];
      for await (const { id, file, info } of entries()) {
        if (file === MANIFEST) manifests.push(parse(id, await objects.getBytes(info.key)));
      }
      return manifests.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
    },
    async newest() {
      let newestId: string | undefined;
      for await (const { id, file } of entries()) {
        if (file === MANIFEST && (newestId === undefined || id > newestId)) newestId = id;
      }
      return newestId === undefined ? undefined : store.read(newestId);
    },
    async listIncomplete() {
      const dumps = new Map<string, Date>();
      const complete = new Set<string>();
      for await (const { id, file, info } of entries()) {
        if (file === DUMP) dumps.set(id, info.lastModified);
        if (file === MANIFEST) complete.add(id);
      }
      return [...dumps]
        .filter(([id]) => !complete.has(id))
        .map(([id, lastModified]) => ({ id, lastModified }));
    },
    async read(id) {
      // An id is a key segment: anything else cannot name a backup (and must not reach a key).
      if (!isBackupId(id)) throw notFound(id);
      let bytes: Buffer;
      try {
        bytes = await objects.getBytes(key(id, MANIFEST));
      } catch (error) {
        if (error instanceof NotFoundError) throw notFound(id, error);
        throw error;
      }
      return parse(id, bytes);
    },
    async writeManifest(manifest) {
      await objects.put(key(manifest.id, MANIFEST), JSON.stringify(manifest, null, 2), {
        contentType: 'application/json',
      });
    },
    async remove(id) {
      await objects.delete(key(id, MANIFEST));
      await objects.delete(key(id, DUMP));
    },
  };
  return store;
}
