// Migrations on the real MariaDB/MySQL (STOWAGE_TEST_MYSQL_URL, default the local server), the
// @stowage/testkit suite with each test in a database of its own: DDL commits implicitly (a failed
// migration's first table stays, the migration stays pending), and concurrent runs wait on GET_LOCK.
import { randomBytes } from 'node:crypto';
import { type EntityDefinition, type Logger, loadConfig } from '@stowage/core';
import { createMigrations, type SqlDatabase } from '@stowage/sql';
import { migrationsConformance } from '@stowage/testkit';
import { createDatabase } from './index.ts';

const url = process.env.STOWAGE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const parsed = loadConfig({ DATABASE_URL: url }).database;
if (!parsed || parsed.driver === 'sqlite') throw new Error('STOWAGE_TEST_MYSQL_URL is not a MySQL URL');
// Narrowed once here: functions below do not see the check above.
const config = parsed;

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const query = async (database: SqlDatabase, sql: string, params: unknown[] = []) =>
  (await database.orm.em.getConnection().execute(sql, params)) as unknown[];

migrationsConformance<SqlDatabase>({
  name: 'mariadb',
  transactionalDdl: false,
  // The child processes import the built packages.
  driverUrl: import.meta.resolve('@stowage/mysql'),
  sqlUrl: import.meta.resolve('@stowage/sql'),
  createMigrations,
  query: (database, sql) => query(database, sql),
  sleepSql: (seconds) => `do sleep(${seconds})`,
  async scope() {
    const name = `stowage_${randomBytes(6).toString('hex')}`;
    const opened: SqlDatabase[] = [];
    const open = async (target = config, entities: readonly EntityDefinition[] = []) => {
      const database = createDatabase(target, { logger: silent });
      opened.push(database);
      await database.register(entities);
      return database;
    };
    const admin = await open();
    await query(admin, `create database \`${name}\` character set utf8mb4 collate utf8mb4_bin`);
    return {
      open: (entities) => open({ ...config, name }, entities),
      async tables(database) {
        const sql = 'select table_name as name from information_schema.tables where table_schema = ?';
        return ((await query(database, sql, [name])) as { name: string }[]).map((row) => row.name);
      },
      table: (table) => `\`${table}\``,
      child: { config: { ...config, name } },
      async close() {
        await query(admin, `drop database if exists \`${name}\``);
        await Promise.all(opened.map((database) => database.close()));
      },
    };
  },
});
