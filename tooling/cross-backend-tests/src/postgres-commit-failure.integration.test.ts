// A cross-store transaction whose database commit itself fails: a deferred unique constraint on
// PostgreSQL is only checked at COMMIT, after the callback has resolved and the outbox row is
// written. The database, the objects and the cache must all stay as they were.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import {
  createLocalObjectStore,
  createMemoryCache,
  type Logger,
  loadConfig,
  OutboxEntity,
  stowageFrom,
} from '@stowage/core';
import { createDatabase } from '@stowage/postgres';
import { CrossStoreDocument, rejectionOf } from '@stowage/testkit';
import { expect, it } from 'vitest';

const postgresUrl = process.env.STOWAGE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

it('leaves the database, the objects and the cache untouched when the commit fails', async () => {
  const config = loadConfig({ DATABASE_URL: postgresUrl }).database;
  if (!config) throw new Error('STOWAGE_TEST_POSTGRES_URL is not a database URL');
  const schema = `stowage_${randomBytes(6).toString('hex')}`;
  const database = createDatabase(config, { logger: quiet }, { schema });
  await database.register([CrossStoreDocument, OutboxEntity]);
  const sql = database.orm.em.getConnection();
  await sql.execute(`create schema "${schema}"`);
  await database.syncSchema();
  const table = [...database.orm.getMetadata().getAll().values()].find(
    (meta) => meta.className === CrossStoreDocument.name,
  )?.tableName;
  await sql.execute(
    `alter table "${schema}"."${table}" add constraint title_unique unique (title) deferrable initially deferred`,
  );
  const root = await mkdtemp(join(os.tmpdir(), 'stowage-commit-'));
  const objects = createLocalObjectStore({ root });
  const cache = createMemoryCache({ namespace: 'commit-failure', logger: quiet });
  const stowage = stowageFrom({ database, objects, cache, logger: quiet });
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
    await sql.execute(`drop schema if exists "${schema}" cascade`);
    await database.close();
  }
});
