// The DatabaseBackupTool of @stowage/mysql, for `stowage backup`: dumps with mariadb-dump (or
// mysqldump), restores with the mariadb (or mysql) client, checksums in the server.
import { ConfigError, type DatabaseBackupTool, type DatabaseConfig } from '@stowage/core';
import type { AdapterContext } from '@stowage/core/adapter';
import { migrationsTableName, runningDumps } from '@stowage/sql';
import { startDump } from './dump-session.ts';
import { withConnection } from './open-connection.ts';
import { restoreDump } from './restore-dump.ts';
import { createScratchDatabase, dropScratchDatabase } from './scratch-database.ts';
import { beginSnapshot } from './snapshot-transaction.ts';
import { baseTables, tableChecksums } from './table-checksums.ts';

export const MYSQL_DUMP_FORMAT = 'mysql-dump-sql';

export function createBackupTool(config: DatabaseConfig, context: AdapterContext): DatabaseBackupTool {
  if (config.driver !== 'mysql' && config.driver !== 'mariadb') {
    throw new ConfigError(`@stowage/mysql cannot back up a ${config.driver} database`, 'DB_DRIVER');
  }
  const server = config;
  /** Dumps still running, aborted by close(). */
  const running = runningDumps();

  return {
    driver: server.driver,
    database: server.name,
    format: MYSQL_DUMP_FORMAT,

    async dump(options = {}) {
      const migrationsTable = migrationsTableName(options.migrationsTable, 'migrationsTable');
      const session = await startDump({ config: server, logger: context.logger, migrationsTable });
      return running.track(session);
    },

    restore: (source, options) => restoreDump(server, source, options),

    tables(target = server.name) {
      return withConnection(server, target, (connection) => baseTables(connection, target));
    },

    checksums(target = server.name) {
      return withConnection(server, target, async (connection) => {
        // One snapshot for all tables, as a dump has.
        await beginSnapshot(connection);
        const checksums = await tableChecksums(connection, target);
        await connection.query('commit');
        return checksums;
      });
    },

    createScratch: () => createScratchDatabase(server),
    dropScratch: (name) => dropScratchDatabase(server, name),

    async close() {
      await running.abortAll();
    },
  };
}
