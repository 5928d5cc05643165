// `stowage backup create`: the driver's dump, gzip-compressed and SHA-256 checksummed on the way,
// streamed into the backup store (constant memory: the store uploads in parts), then SHA256SUMS
// and the manifest. A dump that fails part-way leaves no backup: its bytes are deleted and no manifest
// is written.
import { PassThrough, pipeline } from 'node:stream';
import type { DatabaseBackupTool } from '@stowage/core';
import type { ByteProgress } from '../output/byte-progress.ts';
import { encryptStream } from './backup-encryption.ts';
import { newBackupId } from './backup-id.ts';
import type { BackupStore } from './backup-store.ts';
import { BackupStoreError } from './backup-store-error.ts';
import { tracedBackupOperation } from './backup-tracing.ts';
import { DigestStream } from './digest-stream.ts';
import { type BackupManifest, MANIFEST_VERSION } from './manifest.ts';
import { ParallelGzip } from './parallel-gzip.ts';

export interface CreateBackupOptions {
  tool: DatabaseBackupTool;
  store: BackupStore;
  migrationsTable: string;
  progress?: ByteProgress;
  /** gzip level 1 (fastest) to 9 (smallest); default 6. */
  compressionLevel?: number | undefined;
  /** age recipients to encrypt to (backup-encryption.ts); undefined: stored unencrypted. */
  recipients?: readonly string[] | undefined;
  now?: () => Date;
}

/** A backup of the database; traced on `stowage:cli` as `backup` (see CliOperationContext). */
export async function createBackup(options: CreateBackupOptions): Promise<BackupManifest> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const id = newBackupId(startedAt, options.tool.driver, options.tool.database);
  return tracedBackupOperation(
    { operation: 'backup', driver: options.tool.driver, key: id },
    () => writeBackup(options, id, startedAt, now),
    (manifest) => manifest,
  );
}

async function writeBackup(
  options: CreateBackupOptions,
  id: string,
  startedAt: Date,
  now: () => Date,
): Promise<BackupManifest> {
  const { tool, store } = options;
  const session = await tool.dump({ migrationsTable: options.migrationsTable });
  const gzip = new ParallelGzip(
    options.compressionLevel === undefined ? {} : { level: options.compressionLevel },
  );
  const stored = new DigestStream();
  const meter = options.progress?.meter() ?? new PassThrough();
  // The first failure is the cause, except that a store failure (typed, and never the dump's own
  // error: see source-tap.ts) wins: a store that gives up makes the dump report "aborted".
  let failure: unknown;
  // pipeline() destroys every stage on the first error, so the upload sees its source fail and
  // stores nothing.
  const failed = (error: Error | null) => {
    if (error) failure ??= error;
  };
  const compressed = pipeline(session.stream, gzip, failed);
  // Encrypted before anything reaches the store: the store only ever sees ciphertext.
  const sealed = options.recipients ? await encryptStream(compressed, options.recipients) : compressed;
  const body = pipeline(sealed, stored, meter, failed);
  const dumped = session.done.catch((error: unknown) => {
    failure ??= error;
    body.destroy(error as Error);
    throw error;
  });
  const upload = store.writeDump(id, body).catch((error: unknown) => {
    if (error instanceof BackupStoreError) failure = error;
    throw error;
  });
  try {
    const [, result] = await Promise.all([upload, dumped]);
    if (failure) throw failure;
    const manifest: BackupManifest = {
      version: MANIFEST_VERSION,
      id,
      driver: tool.driver,
      database: tool.database,
      format: tool.format,
      compression: 'gzip',
      ...(options.recipients ? { encryption: 'age' as const } : {}),
      size: stored.bytes,
      sha256: stored.digest(),
      dumpSize: gzip.bytesIn,
      startedAt: startedAt.toISOString(),
      finishedAt: now().toISOString(),
      lastMigration: result.lastMigration,
      tables: result.tables,
    };
    await store.writeManifest(manifest);
    return manifest;
  } catch (error) {
    session.abort();
    await Promise.allSettled([dumped, upload]);
    // The upload may have completed before the dump tool reported its failure.
    await store.remove(id).catch(() => {});
    throw failure ?? error;
  } finally {
    options.progress?.stop();
  }
}
