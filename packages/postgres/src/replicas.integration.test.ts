// Read replicas on the real PostgreSQL (STOWAGE_TEST_POSTGRES_URL, default the local server):
// the replicaConformance suite of @stowage/testkit, with the primary and the replica two
// databases on the one server.
import { type Logger, loadConfig, type ServerDatabaseConfig } from '@stowage/core';
import type { SqlDatabase } from '@stowage/sql';
import { replicaConformance } from '@stowage/testkit';
import { createDatabase } from './index.ts';

const url = process.env.STOWAGE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const parsed = loadConfig({ DATABASE_URL: url }).database;
if (!parsed || parsed.driver === 'sqlite')
  throw new Error('STOWAGE_TEST_POSTGRES_URL is not a PostgreSQL URL');
const config: ServerDatabaseConfig = parsed;

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const execute = (database: SqlDatabase, sql: string, params: unknown[] = []) =>
  database.orm.em.getConnection().execute(sql, params);

replicaConformance<SqlDatabase>({
  name: 'postgres',
  config,
  createDatabase: (options) => createDatabase(options, { logger: silent }),
  createServerDatabase: async (admin, name) => {
    await execute(admin, `create database "${name}"`);
  },
  dropServerDatabase: async (admin, name) => {
    await execute(admin, `drop database if exists "${name}" with (force)`);
  },
  syncSchema: (database) => database.syncSchema(),
  execute,
});
