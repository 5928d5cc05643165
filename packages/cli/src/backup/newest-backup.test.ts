import { createMemoryObjectStore } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { newestBackup } from './newest-backup.ts';
import { putSyntheticBackup } from './synthetic-backup.test-support.ts';

describe('newestBackup', () => {
  it('is the newest backup with a readable manifest, skipping an unfinished and a damaged one', async () => {
    const objects = createMemoryObjectStore();
    expect(await newestBackup(objects)).toBeUndefined();
    await putSyntheticBackup(
      objects,
      'backups/',
      '20261128T010000Z-sqlite-app-0001',
      '2026-11-28T01:00:00.000Z',
    );
    await putSyntheticBackup(
      objects,
      'backups/',
      '20261129T010000Z-sqlite-app-0002',
      '2026-11-29T01:00:00.000Z',
    );
    await objects.put('backups/20261130T010000Z-sqlite-app-0003/dump.gz', 'no manifest yet');
    await objects.put('backups/20261201T010000Z-sqlite-app-0004/manifest.json', '{"damaged":');
    expect(await newestBackup(objects)).toEqual({
      id: '20261129T010000Z-sqlite-app-0002',
      finishedAt: new Date('2026-11-29T01:00:00.000Z'),
      bytes: 1,
    });
  });

  it('reads the prefix it is given', async () => {
    const objects = createMemoryObjectStore();
    await putSyntheticBackup(
      objects,
      'ops/db/',
      '20261128T010000Z-sqlite-app-0001',
      '2026-11-28T01:00:00.000Z',
    );
    expect(await newestBackup(objects)).toBeUndefined();
    expect((await newestBackup(objects, 'ops/db/'))?.id).toBe('20261128T010000Z-sqlite-app-0001');
  });
});
