// A database under the query benchmark: the Stowage database with the query entities on a schema
// (PostgreSQL) or database (MariaDB) of its own, and the raw driver's prepared statements beside it.
import { randomBytes } from 'node:crypto';
import { consoleLogger, loadConfig } from '@stowage/core';
import { createDatabase as createMysql } from '@stowage/mysql';
import { createDatabase as createPostgres } from '@stowage/postgres';
import type { SqlDatabase } from '@stowage/sql';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { benchQueryEntities } from './query-entities.ts';

type Row = Record<string, unknown>;

export interface QueryTarget {
  name: string;
  database: SqlDatabase;
  /** `table` quoted (and schema-qualified) for hand-written SQL. */
  table(name: string): string;
  /** The n-th (1-based) placeholder. */
  placeholder(n: number): string;
  /** Runs hand-written SQL as a prepared statement (named on pg, execute() on mysql2). */
  raw(name: string, sql: string, values: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

export async function openPostgresTarget(url: string): Promise<QueryTarget> {
  const config = loadConfig({ DATABASE_URL: url }).database;
  if (config?.driver !== 'postgres') throw new Error(`not a PostgreSQL URL: ${url}`);
  const schema = `bench_q_${randomBytes(6).toString('hex')}`;
  const database = createPostgres(config, { logger: consoleLogger }, { schema });
  await database.register(benchQueryEntities);
  await database.orm.em.getConnection().execute(`create schema if not exists "${schema}"`);
  await database.syncSchema();
  const pool = new pg.Pool({
    host: config.host,
    port: config.port,
    database: config.name,
    user: config.user,
    ...(config.password === undefined ? {} : { password: config.password }),
    max: 2,
  });
  return {
    name: `PostgreSQL (${config.host}:${config.port}/${config.name}, schema ${schema})`,
    database,
    table: (name) => `"${schema}"."${name}"`,
    placeholder: (n) => `$${n}`,
    async raw(name, text, values) {
      return (await pool.query({ name, text, values: [...values] })).rows;
    },
    async close() {
      await pool.end();
      await database.orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`);
      await database.close();
    },
  };
}

export async function openMariadbTarget(url: string): Promise<QueryTarget> {
  const base = loadConfig({ DATABASE_URL: url }).database;
  if (!base || (base.driver !== 'mysql' && base.driver !== 'mariadb'))
    throw new Error(`not a MySQL URL: ${url}`);
  const name = `bench_q_${randomBytes(6).toString('hex')}`;
  const admin = createMysql(base, { logger: consoleLogger });
  await admin.register([]);
  await admin.orm.em
    .getConnection()
    .execute(`create database \`${name}\` character set utf8mb4 collate utf8mb4_bin`);
  await admin.close();
  const config = { ...base, name };
  const database = createMysql(config, { logger: consoleLogger });
  await database.register(benchQueryEntities);
  await database.syncSchema();
  const pool = mysql.createPool({
    host: config.host,
    port: config.port,
    database: name,
    user: config.user,
    ...(config.password === undefined ? {} : { password: config.password }),
    charset: 'utf8mb4_bin',
    timezone: 'Z',
    connectionLimit: 2,
  });
  return {
    name: `MariaDB (${config.host}:${config.port}, database ${name})`,
    database,
    table: (table) => `\`${table}\``,
    placeholder: () => '?',
    async raw(_name, text, values) {
      const [rows] = await pool.execute(text, [...values] as never[]);
      return rows as Row[];
    },
    async close() {
      await pool.end();
      await database.orm.em.getConnection().execute(`drop database if exists \`${name}\``);
      await database.close();
    },
  };
}
