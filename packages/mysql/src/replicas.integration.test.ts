// Read replicas on the real MariaDB (STOWAGE_TEST_MYSQL_URL, default the local server): the
// replicaConformance suite of @stowage/testkit, with the primary and the replica two databases
// on the one server.
import { type Logger, loadConfig, type ServerDatabaseConfig } from '@stowage/core';
import type { SqlDatabase } from '@stowage/sql';
import { replicaConformance } from '@stowage/testkit';
import { createDatabase } from './index.ts';

const url = process.env.STOWAGE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const parsed = loadConfig({ DATABASE_URL: url }).database;
if (!parsed || parsed.driver === 'sqlite') throw new Error('STOWAGE_TEST_MYSQL_URL is not a MySQL URL');
const config: ServerDatabaseConfig = parsed;

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const execute = (database: SqlDatabase, sql: string, params: unknown[] = []) =>
  database.orm.em.getConnection().execute(sql, params);

replicaConformance<SqlDatabase>({
  name: 'mariadb',
  config,
  createDatabase: (options) => createDatabase(options, { logger: silent }),
  createServerDatabase: async (admin, name) => {
    await execute(admin, `create database \`${name}\` character set utf8mb4 collate utf8mb4_bin`);
  },
  dropServerDatabase: async (admin, name) => {
    await execute(admin, `drop database if exists \`${name}\``);
  },
  syncSchema: (database) => database.syncSchema(),
  execute,
});
