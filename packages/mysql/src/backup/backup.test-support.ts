// What the backup tests share: the real MariaDB (STOWAGE_TEST_MYSQL_URL, default the local
// server), a database of its own per test, a backup tool on it, and byte-stream helpers.
import type { Logger, ServerDatabaseConfig } from '@stowage/core';
import { scratchDatabases, silentLogger, testServerConfig } from '@stowage/test-support';
import { readAll, streamOf } from '@stowage/testkit';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { createBackupTool } from './create-backup-tool.ts';
import { closeQuietly, openConnection } from './open-connection.ts';
import { quoteIdentifier } from './quote-identifier.ts';

export { readAll, streamOf };

export const serverConfig: ServerDatabaseConfig = testServerConfig('mysql');

/** A logger that keeps its warnings, for the tests that expect one. */
export function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { ...silentLogger, warnings, warn: (message) => void warnings.push(message) };
}

export interface TestDatabase {
  name: string;
  config: ServerDatabaseConfig;
  /** A connection to the database. */
  connection: Connection;
  query(sql: string, params?: unknown[]): Promise<RowDataPacket[]>;
  tool: ReturnType<typeof createBackupTool>;
  logger: ReturnType<typeof recordingLogger>;
  /** Makes another empty database, dropped with this one. */
  another(): Promise<string>;
  close(): Promise<void>;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const admin = await openConnection(serverConfig, null);
  const scratch = scratchDatabases('mysql', (sql) => admin.query(sql), 'stowage_backup');
  const name = await scratch.create();
  const config = { ...serverConfig, name };
  const connection = await openConnection(config, name);
  const logger = recordingLogger();
  const tool = createBackupTool(config, { logger });
  return {
    name,
    config,
    connection,
    logger,
    tool,
    async query(sql, params = []) {
      const [rows] = await connection.query<RowDataPacket[]>(sql, params);
      return rows;
    },
    another: scratch.create,
    async close() {
      await tool.close();
      await closeQuietly(connection);
      await scratch.dropAll();
      await closeQuietly(admin);
    },
  };
}

/** A migrations table as MikroORM's migrator keeps it, with the given names applied in order. */
export async function recordMigrations(
  database: TestDatabase,
  table: string,
  names: string[],
): Promise<void> {
  await database.query(
    `create table ${quoteIdentifier(table)} (id int unsigned not null auto_increment primary key, name varchar(255), executed_at datetime default current_timestamp)`,
  );
  for (const name of names)
    await database.query(`insert into ${quoteIdentifier(table)} (name) values (?)`, [name]);
}
