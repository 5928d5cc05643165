// The files of each backup, `<id>/<name>`, wherever they are kept: an object store under a prefix
// (object-backup-files.ts) or a plain folder (folder-backup-files.ts). Only I/O lives here; the
// backup store (backup-store.ts) decides what the files mean. Every failure other than "no such
// file" is a BackupStoreError naming the store's variables.
import type { Readable } from 'node:stream';

export const DUMP = 'dump.gz';
export const MANIFEST = 'manifest.json';
export const SUMS = 'SHA256SUMS';

export interface BackupFileEntry {
  id: string;
  name: string;
  lastModified: Date;
}

export interface BackupFiles {
  /** Where backups go, for messages: "s3://bucket/backups/" or a folder. */
  readonly location: string;
  /** The variables that configure this store, for messages. */
  readonly variables: string;
  /** Every `<id>/<name>` with a well-formed backup id (any order). */
  entries(): AsyncIterable<BackupFileEntry>;
  /** NotFoundError when absent. */
  read(id: string, name: string): Promise<Buffer>;
  /** NotFoundError when absent. */
  open(id: string, name: string): Promise<Readable>;
  /** Published whole or not at all; a failing `body` rejects with the body's own error. */
  write(id: string, name: string, body: Readable | string, contentType: string): Promise<void>;
  /** Idempotent. */
  remove(id: string, name: string): Promise<void>;
}
