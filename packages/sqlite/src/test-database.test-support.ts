// This package's tests on SQLite: `scratch`, database files each in a temporary folder of their
// own; and `driverSuites`, what @stowage/testkit's SQL driver suites run with. An embedded
// database has no server to fail to reach and no replicas, so those suites are off.
import type { SqlDatabase } from '@stowage/sql';
import { sqliteScratch } from '@stowage/test-support';
import type { SqlDriverConformanceOptions } from '@stowage/testkit';
import { createDatabase, createMigrations } from './index.ts';

export const scratch = sqliteScratch(createDatabase);

const execute = (database: SqlDatabase, sql: string) => database.orm.em.getConnection().execute(sql);

export const driverSuites: SqlDriverConformanceOptions<SqlDatabase> = {
  name: 'sqlite',
  capabilities: { foreignKeys: true, transactionalDdl: true, connectionFailures: false, replicas: false },
  open: scratch.open,
  scope: scratch.scope,
  createMigrations,
  // The child processes import the built package.
  driverUrl: import.meta.resolve('@stowage/sqlite'),
  // With no advisory lock, `up` takes a lock row; the lock test plants a fresh one as another
  // process would.
  async holdLock(database) {
    await execute(
      database,
      'create table stowage_migrations_lock (id integer primary key, owner text not null, refreshed_at integer not null)',
    );
    await execute(database, `insert into stowage_migrations_lock values (1, 'other', ${Date.now()})`);
    return 'stowage_migrations_lock';
  },
};
