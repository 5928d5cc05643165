// This package's tests on the test server's PostgreSQL (STOWAGE_TEST_POSTGRES_URL, default the
// machine's local server): `scratch`, databases whose tables live in a schema of their own, so
// parallel workers never meet; and `driverSuites`, what @stowage/testkit's SQL driver suites run
// with. DDL rolls back with a failed migration, and concurrent runs wait on the advisory lock.
import type { SqlDatabase } from '@stowage/sql';
import { serverScratch } from '@stowage/test-support';
import type { SqlDriverConformanceOptions } from '@stowage/testkit';
import { createDatabase, createMigrations } from './index.ts';

export const scratch = serverScratch('postgres', createDatabase);

export const driverSuites: SqlDriverConformanceOptions<SqlDatabase> = {
  name: 'postgres',
  capabilities: { foreignKeys: true, transactionalDdl: true, connectionFailures: true, replicas: true },
  open: scratch.open,
  scope: scratch.scope,
  createMigrations,
  // The child processes import the built package.
  driverUrl: import.meta.resolve('@stowage/postgres'),
  sleepSql: (seconds) => `select pg_sleep(${seconds})`,
  server: {
    // The replica suite's primary and replica are two databases on it.
    ...scratch.server,
    // The machine's server trusts local connections, whatever the password: an unknown role is refused.
    refusedUser: 'stowage_no_such_role',
  },
};
