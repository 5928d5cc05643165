// Migrations on the real PostgreSQL (STOWAGE_TEST_POSTGRES_URL, default the local server), the
// @stowage/testkit suite with each test in a schema of its own: DDL rolls back with a failed
// migration, and concurrent runs wait on the advisory lock.
import { randomBytes } from 'node:crypto';
import { type EntityDefinition, type Logger, loadConfig } from '@stowage/core';
import { createMigrations, type SqlDatabase } from '@stowage/sql';
import { migrationsConformance } from '@stowage/testkit';
import { createDatabase } from './index.ts';

const url = process.env.STOWAGE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const parsed = loadConfig({ DATABASE_URL: url }).database;
if (!parsed) throw new Error('STOWAGE_TEST_POSTGRES_URL is not a database URL');
// Narrowed once here: functions below do not see the check above.
const config = parsed;

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const query = async (database: SqlDatabase, sql: string, params: unknown[] = []) =>
  (await database.orm.em.getConnection().execute(sql, params)) as unknown[];

migrationsConformance<SqlDatabase>({
  name: 'postgres',
  transactionalDdl: true,
  // The child processes import the built packages.
  driverUrl: import.meta.resolve('@stowage/postgres'),
  sqlUrl: import.meta.resolve('@stowage/sql'),
  createMigrations,
  query: (database, sql) => query(database, sql),
  sleepSql: (seconds) => `select pg_sleep(${seconds})`,
  async scope() {
    const schema = `stowage_${randomBytes(6).toString('hex')}`;
    const opened: SqlDatabase[] = [];
    const open = async (orm?: { schema: string }, entities: readonly EntityDefinition[] = []) => {
      const database = createDatabase(config, { logger: silent }, orm);
      opened.push(database);
      await database.register(entities);
      return database;
    };
    const admin = await open();
    await query(admin, `create schema "${schema}"`);
    return {
      open: (entities) => open({ schema }, entities),
      async tables(database) {
        const sql = 'select table_name as name from information_schema.tables where table_schema = ?';
        return ((await query(database, sql, [schema])) as { name: string }[]).map((row) => row.name);
      },
      table: (name) => `"${schema}".${name}`,
      child: { config, orm: { schema } },
      async close() {
        await query(admin, `drop schema if exists "${schema}" cascade`);
        await Promise.all(opened.map((database) => database.close()));
      },
    };
  },
});
