// A cross-store transaction whose database commit itself fails: a deferred unique constraint on
// PostgreSQL is only checked at COMMIT, after the callback has resolved and the outbox row is
// written. The database, the objects and the cache must all stay as they were.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { createLocalObjectStore, createMemoryCache, stowageFrom } from '@stowage/core';
import { OutboxEntity } from '@stowage/core/internal';
import { silentLogger } from '@stowage/test-support';
import { CrossStoreDocument, crossStoreEntities, rejectionOf } from '@stowage/testkit';
import { expect, it } from 'vitest';
import { openPostgres } from './test-backends.test-support.ts';

it('leaves the database, the objects and the cache untouched when the commit fails', async () => {
  const database = await openPostgres(crossStoreEntities);
  const schema = database.place;
  const sql = database.orm.em.getConnection();
  const table = [...database.orm.getMetadata().getAll().values()].find(
    (meta) => meta.className === CrossStoreDocument.name,
  )?.tableName;
  await sql.execute(
    `alter table "${schema}"."${table}" add constraint title_unique unique (title) deferrable initially deferred`,
  );
  const root = await mkdtemp(join(os.tmpdir(), 'stowage-commit-'));
  const objects = createLocalObjectStore({ root });
  const cache = createMemoryCache({ namespace: 'commit-failure', logger: silentLogger });
  const stowage = stowageFrom({ database, objects, cache, logger: silentLogger });
  try {
    await objects.put('files/kept.txt', 'kept');
    await cache.set('report', 'cached');
    const error = await rejectionOf(
      stowage.transaction(async (tx) => {
        await tx.objects.put('files/kept.txt', 'overwritten');
        await tx.objects.put('files/new.txt', 'new');
        await tx.objects.delete('files/kept.txt');
        tx.cache.invalidate(['report']);
        const documents = tx.repository(CrossStoreDocument);
        await documents.create({ title: 'duplicate', fileKey: 'files/new.txt' });
        // Deferred: accepted now, refused at COMMIT.
        await documents.create({ title: 'duplicate', fileKey: null });
      }),
    );
    expect(error).toBeInstanceOf(Error);
    expect(await database.repository(CrossStoreDocument).count()).toBe(0);
    expect(await database.repository(OutboxEntity).count()).toBe(0);
    const keys: string[] = [];
    for await (const object of objects.listAll()) keys.push(object.key);
    expect(keys).toEqual(['files/kept.txt']);
    expect((await objects.getBytes('files/kept.txt')).toString()).toBe('kept');
    expect(await cache.get('report')).toBe('cached');
  } finally {
    await cache.close();
    await rm(root, { recursive: true, force: true });
    await database.close();
  }
});
