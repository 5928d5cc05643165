// The DatabaseBackupTool of @stowage/sqlite, for `stowage backup`: the dump is the database file
// itself, copied with SQLite's online backup API; a restore swaps a checked copy in atomically.
import { ConfigError, type DatabaseBackupTool, type DatabaseConfig } from '@stowage/core';
import type { AdapterContext } from '@stowage/core/adapter';
import { migrationsTableName, runningDumps } from '@stowage/sql';
import { startDump } from './dump-session.ts';
import { readDatabase } from './open-connection.ts';
import { restoreDump } from './restore-dump.ts';
import { createScratchDatabase, dropScratchDatabase } from './scratch-database.ts';
import { listTables, tableChecksums } from './table-checksums.ts';
import { toolError } from './tool-error.ts';

export const SQLITE_DUMP_FORMAT = 'sqlite-file';

export function createBackupTool(config: DatabaseConfig, _context: AdapterContext): DatabaseBackupTool {
  if (config.driver !== 'sqlite') {
    throw new ConfigError(`@stowage/sqlite cannot back up a ${config.driver} database`, 'DB_DRIVER');
  }
  const { path } = config;
  /** Dumps still streaming, aborted by close(). */
  const running = runningDumps();

  return {
    driver: 'sqlite',
    database: path,
    format: SQLITE_DUMP_FORMAT,

    async dump(options = {}) {
      const session = await startDump(path, migrationsTableName(options.migrationsTable, 'migrationsTable'));
      return running.track(session);
    },

    restore: (source, options) => restoreDump(path, source, options),

    tables: (target = path) =>
      readDatabase(target, [], listTables).catch((error) => {
        throw toolError(error, `listing the tables of ${target}`);
      }),

    checksums: (target = path) =>
      readDatabase(target, [], tableChecksums).catch((error) => {
        throw toolError(error, `checksumming ${target}`);
      }),

    createScratch: createScratchDatabase,
    dropScratch: dropScratchDatabase,

    async close() {
      await running.abortAll();
    },
  };
}
