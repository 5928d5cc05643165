// What the backup tests share: the real MariaDB (STOWAGE_TEST_MYSQL_URL, default the local
// server), a database of its own per test, a backup tool on it, and byte-stream helpers.
import { randomBytes } from 'node:crypto';
import { type Logger, loadConfig, type ServerDatabaseConfig } from '@stowage/core';
import { readAll, streamOf } from '@stowage/testkit';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { createBackupTool } from './create-backup-tool.ts';
import { closeQuietly, openConnection } from './open-connection.ts';
import { quoteIdentifier } from './quote-identifier.ts';

export { readAll, streamOf };

const url = process.env.STOWAGE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const parsed = loadConfig({ DATABASE_URL: url }).database;
if (!parsed || parsed.driver === 'sqlite') throw new Error('STOWAGE_TEST_MYSQL_URL is not a MySQL URL');
export const serverConfig: ServerDatabaseConfig = parsed;

/** A logger that keeps its warnings, for the tests that expect one. */
export function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, warn: (message) => void warnings.push(message), error() {} };
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
  const name = `stowage_backup_${randomBytes(6).toString('hex')}`;
  const admin = await openConnection(serverConfig, null);
  const created = [name];
  await admin.query(`create database ${quoteIdentifier(name)} character set utf8mb4 collate utf8mb4_bin`);
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
    async another() {
      const other = `stowage_backup_${randomBytes(6).toString('hex')}`;
      await admin.query(
        `create database ${quoteIdentifier(other)} character set utf8mb4 collate utf8mb4_bin`,
      );
      created.push(other);
      return other;
    },
    async close() {
      await tool.close();
      await closeQuietly(connection);
      for (const database of created)
        await admin.query(`drop database if exists ${quoteIdentifier(database)}`);
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
