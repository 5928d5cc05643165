// Each driver package's createDatabase() is this factory bound to its dialect and to how it
// creates databases (database-provisioning.ts).
import type { DatabaseConfig } from '@stowage/core';
import type { AdapterContext } from '@stowage/core/adapter';
import type { SqlDialect } from '../dialect/sql-dialect.ts';
import type { DatabaseProvisioning } from './database-provisioning.ts';
import { createSqlDatabase, type SqlDatabase, type SqlDatabaseOptions } from './sql-database.ts';

export type CreateDatabase = (
  config: DatabaseConfig,
  context: AdapterContext,
  orm?: SqlDatabaseOptions['orm'],
) => SqlDatabase;

export function databaseFactory(dialect: SqlDialect, provisioning?: DatabaseProvisioning): CreateDatabase {
  return (config, context, orm) =>
    createSqlDatabase({
      dialect,
      config,
      logger: context.logger,
      ...(orm ? { orm } : {}),
      ...(provisioning ? { provisioning } : {}),
    });
}
