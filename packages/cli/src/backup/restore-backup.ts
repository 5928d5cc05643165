// `stowage backup restore`: refuses a target that holds tables unless forced, checks the bytes
// before the target is touched (fetch-backup.ts), restores with the driver's tool (which keeps
// the target as it was on failure, or says it is half-restored), then compares the restored
// tables with the manifest.
import {
  type DatabaseBackupTool,
  IntegrityError,
  NotSupportedError,
  PreconditionFailedError,
} from '@stowage/core';
import type { ByteProgress } from '../output/byte-progress.ts';
import type { BackupStore } from './backup-store.ts';
import { tracedBackupOperation } from './backup-tracing.ts';
import { compareTables, describeDifferences } from './compare-tables.ts';
import { fetchBackup } from './fetch-backup.ts';
import type { BackupManifest } from './manifest.ts';

export interface RestoreBackupOptions {
  tool: DatabaseBackupTool;
  store: BackupStore;
  /** The backup, as `store.read(id)` gave it. */
  manifest: BackupManifest;
  /** Default: the configured database. */
  target?: string | undefined;
  force?: boolean;
  progress?: ByteProgress;
  /** age identities, for an encrypted backup (backup-encryption.ts). */
  identities?: readonly string[] | undefined;
}

export interface RestoreReport {
  manifest: BackupManifest;
  target: string;
  tables: number;
  /** Tables of a forced target that the backup does not have; left as they were. */
  untouched: string[];
}

export function assertRestorable(tool: DatabaseBackupTool, manifest: BackupManifest) {
  if (manifest.format !== tool.format) {
    throw NotSupportedError.operation(
      tool.driver,
      `restoring backup ${manifest.id}`,
      `it is a ${manifest.format} dump of a ${manifest.driver} database; this database's tool reads ${tool.format}`,
    );
  }
}

/**
 * Restores `manifest`'s bytes into `target` and checks the result against the manifest. Tables
 * the backup does not have are a difference, except in a forced restore: PostgreSQL's restore
 * replaces only what the dump holds, so a forced target may keep tables of its own; they are
 * returned, to be reported.
 */
export async function restoreInto(options: RestoreBackupOptions & { target: string }): Promise<string[]> {
  const { tool, store, manifest, target } = options;
  const fetched = await fetchBackup(store, manifest, options.progress, options.identities);
  try {
    await tool.restore(fetched.open(), { target, ...(options.force ? { force: true } : {}) });
  } finally {
    await fetched.dispose();
  }
  const all = compareTables(manifest.tables, await tool.checksums(target));
  const extra = options.force ? all.filter((d) => d.expected === null) : [];
  const differences = all.filter((d) => !extra.includes(d));
  if (differences.length > 0) {
    throw new IntegrityError(
      `Restored ${target} from backup ${manifest.id}, but it differs from the backup: ${describeDifferences(differences)}`,
      { context: { id: manifest.id, target, differences } },
    );
  }
  return extra.map((d) => d.table);
}

/** Restores a backup; traced on `stowage:cli` as `restore` (see backup-tracing.ts). */
export function restoreBackup(options: RestoreBackupOptions): Promise<RestoreReport> {
  const { tool, manifest } = options;
  return tracedBackupOperation(
    { operation: 'restore', driver: tool.driver, key: manifest.id },
    () => restore(options),
    (report) => report.manifest,
  );
}

async function restore(options: RestoreBackupOptions): Promise<RestoreReport> {
  const { tool, manifest } = options;
  assertRestorable(tool, manifest);
  const target = options.target ?? tool.database;
  const existing = await tool.tables(target);
  if (existing.length > 0 && !options.force) {
    const shown = existing.slice(0, 5).join(', ') + (existing.length > 5 ? ', …' : '');
    throw new PreconditionFailedError(
      `${target} is not empty (${existing.length} tables: ${shown}); restore into an empty database, or pass --force to replace its tables`,
      { context: { target, tables: existing.length } },
    );
  }
  const untouched = await restoreInto({ ...options, target, force: existing.length > 0 });
  return { manifest, target, tables: manifest.tables.length, untouched };
}
