// Provisioning for the server databases (PostgreSQL, MySQL/MariaDB): the configured database is
// looked up and created over a connection to a database that always exists (the management
// database), with the same host, credentials and TLS settings as the application's connection.
import { MikroORM, type Options } from '@mikro-orm/core';
import type { DatabaseConfig } from '@stowage/core';
import type { SqlDialect } from '../dialect/sql-dialect.ts';
import { mapDriverError } from '../errors/map-driver-error.ts';
import type { DatabaseProvisioning } from './database-provisioning.ts';

type DriverError = Error & Record<string, unknown>;

export interface ServerDatabaseSql {
  /** A database every server has, to connect to while the configured one may not exist. */
  managementDatabase: string;
  /** Returns a row when the database named by the one bound parameter exists. */
  existsSql: string;
  /** The statement creating database `name` (quoted by the driver package). */
  createSql(name: string): string;
  isMissingDatabase(error: DriverError): boolean;
  /** The create lost a race with another process creating the same database. */
  isAlreadyExisting?(error: DriverError): boolean;
}

export function serverProvisioning(dialect: SqlDialect, sql: ServerDatabaseSql): DatabaseProvisioning {
  return {
    isMissingDatabase: sql.isMissingDatabase,
    async createIfMissing(config: DatabaseConfig) {
      if (!('host' in config)) throw new TypeError('unreachable: a server database configuration');
      // The primary only: replicas receive the database through replication.
      const { replicas: _replicas, ...primary } = config;
      let orm: MikroORM | undefined;
      try {
        orm = await MikroORM.init({
          ...dialect.ormOptions({ ...primary, poolMax: 1 }),
          dbName: sql.managementDatabase,
          ensureDatabase: false,
          entities: [],
          discovery: { warnWhenNoEntities: false },
        } as Options);
        const runner = dialect.sessions.pooled(orm.em.getConnection());
        const { rows } = await runner.run(sql.existsSql, [config.name], false);
        if (rows.length > 0) return false;
        await runner.run(sql.createSql(config.name), [], false);
        return true;
      } catch (error) {
        if (error instanceof Error && sql.isAlreadyExisting?.(error as DriverError)) return false;
        throw mapDriverError(error, dialect);
      } finally {
        await orm?.close(true);
      }
    },
  };
}
