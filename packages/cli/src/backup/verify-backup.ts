// `stowage backup verify`: restores a backup into a scratch database and compares per-table row
// counts and content checksums with what the manifest recorded at backup time. The scratch
// database is dropped afterwards, whatever happened.
import type { DatabaseBackupTool } from '@stowage/core';
import type { ByteProgress } from '../output/byte-progress.ts';
import type { BackupStore } from './backup-store.ts';
import { tracedBackupOperation } from './backup-tracing.ts';
import type { BackupManifest } from './manifest.ts';
import { assertRestorable, restoreInto } from './restore-backup.ts';

export interface VerifyReport {
  manifest: BackupManifest;
  tables: number;
  rows: number;
}

export interface VerifyBackupOptions {
  tool: DatabaseBackupTool;
  store: BackupStore;
  /** The backup, as `store.read(id)` gave it. */
  manifest: BackupManifest;
  progress?: ByteProgress;
  /** age identities, for an encrypted backup. */
  identities?: readonly string[] | undefined;
}

/** Verifies a backup; traced on `stowage:cli` as `verify` (see backup-tracing.ts). */
export function verifyBackup(options: VerifyBackupOptions): Promise<VerifyReport> {
  const { tool, manifest } = options;
  return tracedBackupOperation(
    { operation: 'verify', driver: tool.driver, key: manifest.id },
    () => verify(options),
    (report) => report.manifest,
  );
}

async function verify(options: VerifyBackupOptions): Promise<VerifyReport> {
  const { tool, manifest } = options;
  assertRestorable(tool, manifest);
  const scratch = await tool.createScratch();
  try {
    await restoreInto({ ...options, target: scratch });
  } finally {
    await tool.dropScratch(scratch);
  }
  return {
    manifest,
    tables: manifest.tables.length,
    rows: manifest.tables.reduce((sum, table) => sum + table.rows, 0),
  };
}
