import { databaseFactory, serverProvisioning } from '@stowage/sql';
import { postgresDialect } from './postgres-dialect.ts';

/** How PostgreSQL says and creates a database (never implicitly: see @stowage/sql's provisioning). */
const provisioning = serverProvisioning(postgresDialect, {
  managementDatabase: 'postgres',
  existsSql: 'select 1 from pg_database where datname = $1',
  createSql: (name) => `create database "${name.replaceAll('"', '""')}"`,
  // 3D000 invalid_catalog_name: "database "notess" does not exist"
  isMissingDatabase: (error) => error.code === '3D000',
  // Another process created it between the check and the create: 42P04 duplicate_database, or,
  // when both creates run at once, 23505 on the catalog's unique index of names.
  isAlreadyExisting: (error) =>
    error.code === '42P04' || (error.code === '23505' && error.constraint === 'pg_database_datname_index'),
});

/** The factory's entry point for DB_DRIVER=postgres. */
export const createDatabase = databaseFactory(postgresDialect, provisioning);
