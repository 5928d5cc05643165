// Throwaway databases and schemas on the test servers: names no other run uses, the statements
// each server creates and drops them with, and sets of databases dropped together — through any
// client the caller has (a driver package's Database, pg, mysql2, psql).
import { randomBytes } from 'node:crypto';
import type { TestServer } from '../test-servers.ts';

/** `<prefix>_` and 12 random hex characters: a name no other run or parallel worker uses. */
export function scratchName(prefix = 'stowage'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export interface ScratchSql {
  create(name: string): string;
  drop(name: string): string;
}

/**
 * Databases: on MySQL in four-byte UTF-8 with exact comparisons, as the drivers create them; on
 * PostgreSQL dropped with the sessions a failed test left open.
 */
export const scratchDatabaseSql: Readonly<Record<TestServer, ScratchSql>> = {
  postgres: {
    create: (name) => `create database "${name}"`,
    drop: (name) => `drop database if exists "${name}" with (force)`,
  },
  mysql: {
    create: (name) => `create database \`${name}\` character set utf8mb4 collate utf8mb4_bin`,
    drop: (name) => `drop database if exists \`${name}\``,
  },
};

/** PostgreSQL schemas, dropped with their tables. */
export const scratchSchemaSql: ScratchSql = {
  create: (name) => `create schema "${name}"`,
  drop: (name) => `drop schema if exists "${name}" cascade`,
};

export interface ScratchDatabases {
  /** Creates one more empty database and resolves to its name. */
  create(): Promise<string>;
  /** Drops every database created so far (each once). */
  dropAll(): Promise<void>;
}

/** Databases on `server` named `<prefix>_…`, created and dropped by running SQL through `run`. */
export function scratchDatabases(
  server: TestServer,
  run: (sql: string) => Promise<unknown>,
  prefix?: string,
): ScratchDatabases {
  const sql = scratchDatabaseSql[server];
  const created: string[] = [];
  return {
    async create() {
      const name = scratchName(prefix);
      await run(sql.create(name));
      created.push(name);
      return name;
    },
    async dropAll() {
      for (const name of created.splice(0)) await run(sql.drop(name));
    },
  };
}
