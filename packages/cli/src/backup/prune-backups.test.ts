import { createMemoryObjectStore } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { backupStore } from './backup-store.ts';
import { pruneBackups } from './prune-backups.ts';
import { putSyntheticBackup } from './synthetic-backup.test-support.ts';

const DAY = 24 * 60 * 60 * 1000;
const MEMORY_PLACE = { location: 'memory:backups/', variables: 'OBJECT_STORE_DRIVER' };

describe('pruneBackups', () => {
  it('removes dumps without a manifest once they are a day old, and never a fresh one', async () => {
    const objects = createMemoryObjectStore();
    const store = backupStore(objects, 'backups/', MEMORY_PLACE);
    const complete = '20261128T010000Z-sqlite-app-0001';
    const orphan = '20261128T020000Z-sqlite-app-0002';
    await putSyntheticBackup(objects, 'backups/', complete, '2026-11-28T01:00:00.000Z');
    await objects.put(`backups/${orphan}/dump.gz`, 'half');

    const fresh = await pruneBackups(store, { last: 1 }, { dryRun: false });
    expect(fresh.incomplete).toEqual([]);
    expect(await objects.exists(`backups/${orphan}/dump.gz`)).toBe(true);

    const dry = await pruneBackups(store, { last: 1 }, { dryRun: true, now: Date.now() + 2 * DAY });
    expect(dry.incomplete).toEqual([orphan]);
    expect(await objects.exists(`backups/${orphan}/dump.gz`)).toBe(true);

    const later = await pruneBackups(store, { last: 1 }, { dryRun: false, now: Date.now() + 2 * DAY });
    expect(later.incomplete).toEqual([orphan]);
    expect(await objects.exists(`backups/${orphan}/dump.gz`)).toBe(false);
    expect((await store.list()).backups.map((m) => m.id)).toEqual([complete]);
  });

  it('lists the store once per prune, whatever it decides', async () => {
    const objects = createMemoryObjectStore();
    let listings = 0;
    const counted = {
      ...objects,
      list: (options?: Parameters<typeof objects.list>[0]) => {
        if (!options?.cursor) listings++;
        return objects.list(options);
      },
      listAll: (options?: Parameters<typeof objects.listAll>[0]) => {
        listings++;
        return objects.listAll(options);
      },
    };
    const store = backupStore(counted, 'backups/', MEMORY_PLACE);
    for (const [n, day] of [
      [1, '2026-11-26'],
      [2, '2026-11-27'],
      [3, '2026-11-28'],
    ] as const) {
      await putSyntheticBackup(
        objects,
        'backups/',
        `${day.replaceAll('-', '')}T010000Z-sqlite-app-000${n}`,
        `${day}T01:00:00.000Z`,
      );
    }
    const report = await pruneBackups(store, { last: 1 }, { dryRun: false });
    expect(report.remove).toHaveLength(2);
    expect(listings).toBe(1);
  });
});
