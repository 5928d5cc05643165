// Migrations on SQLite (the @stowage/testkit suite), each test in a database file of its own. With
// no advisory lock, `up` takes a lock row; the lock test plants a fresh one as another process would.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@stowage/core';
import { createMigrations, type SqlDatabase } from '@stowage/sql';
import { migrationsConformance } from '@stowage/testkit';
import { createDatabase } from './index.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const query = async (database: SqlDatabase, sql: string) =>
  (await database.orm.em.getConnection().execute(sql)) as unknown[];

migrationsConformance<SqlDatabase>({
  name: 'sqlite',
  transactionalDdl: true,
  // The child processes import the built packages.
  driverUrl: import.meta.resolve('@stowage/sqlite'),
  sqlUrl: import.meta.resolve('@stowage/sql'),
  createMigrations,
  query,
  async holdLock(database) {
    await query(
      database,
      'create table stowage_migrations_lock (id integer primary key, owner text not null, refreshed_at integer not null)',
    );
    await query(database, `insert into stowage_migrations_lock values (1, 'other', ${Date.now()})`);
    return 'stowage_migrations_lock';
  },
  async scope() {
    const dir = await mkdtemp(join(tmpdir(), 'stowage-sqlite-'));
    const path = join(dir, 'app.sqlite');
    const opened: SqlDatabase[] = [];
    return {
      async open(entities = []) {
        const database = createDatabase({ driver: 'sqlite', path }, { logger: silent });
        opened.push(database);
        await database.register(entities);
        return database;
      },
      async tables(database) {
        const rows = await query(database, `select name from sqlite_master where type = 'table'`);
        return (rows as { name: string }[]).map((row) => row.name);
      },
      table: (name) => name,
      child: { config: { driver: 'sqlite', path } },
      async close() {
        await Promise.all(opened.map((database) => database.close()));
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
});
