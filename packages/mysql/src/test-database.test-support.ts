// This package's tests on the test server's MariaDB (STOWAGE_TEST_MYSQL_URL, default the
// machine's local server): `scratch`, databases of their own, so parallel workers never meet; and
// `driverSuites`, what @stowage/testkit's SQL driver suites run with. DDL commits implicitly (a
// failed migration's first table stays, the migration stays pending), and concurrent runs wait
// on GET_LOCK.
import type { SqlDatabase } from '@stowage/sql';
import { serverScratch } from '@stowage/test-support';
import type { SqlDriverConformanceOptions } from '@stowage/testkit';
import { createDatabase, createMigrations } from './index.ts';

export const scratch = serverScratch('mysql', createDatabase);

export const driverSuites: SqlDriverConformanceOptions<SqlDatabase> = {
  name: 'mariadb',
  capabilities: { foreignKeys: true, transactionalDdl: false, connectionFailures: true, replicas: true },
  open: scratch.open,
  scope: scratch.scope,
  createMigrations,
  // The child processes import the built package.
  driverUrl: import.meta.resolve('@stowage/mysql'),
  sleepSql: (seconds) => `do sleep(${seconds})`,
  server: {
    // The replica suite's primary and replica are two databases on it.
    ...scratch.server,
    // root exists: the server refuses it for the wrong password, not for an unknown user.
    refusedUser: 'root',
  },
};
