// A backup as the store holds it, with made-up content, for tests of listing and retention.
import type { ObjectStore } from '@stowage/core';
import { type BackupManifest, MANIFEST_VERSION } from './manifest.ts';

export function syntheticManifest(id: string, startedAt: string): BackupManifest {
  return {
    version: MANIFEST_VERSION,
    id,
    driver: 'sqlite',
    database: './app.sqlite',
    format: 'sqlite-file',
    compression: 'gzip',
    size: 1,
    sha256: '0'.repeat(64),
    dumpSize: 1,
    startedAt,
    finishedAt: startedAt,
    lastMigration: null,
    tables: [],
  };
}

/** Writes `<prefix><id>/dump.gz` and its manifest, as `backup create` would. */
export async function putSyntheticBackup(
  objects: ObjectStore,
  prefix: string,
  id: string,
  startedAt: string,
) {
  await objects.put(`${prefix}${id}/dump.gz`, 'x');
  await objects.put(`${prefix}${id}/manifest.json`, JSON.stringify(syntheticManifest(id, startedAt)));
}
