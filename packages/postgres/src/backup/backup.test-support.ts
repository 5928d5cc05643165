// Shared by the backup integration tests: the local PostgreSQL (STOWAGE_TEST_POSTGRES_URL), a
// database of its own per test (dropped afterwards), and helpers to seed it and dump it to memory.
// Excluded from the build by tsconfig.build.json (*.test-support.ts).
import type { DatabaseBackupTool, DumpResult, ServerDatabaseConfig } from '@stowage/core';
import { scratchDatabases, silentLogger, testServerConfig } from '@stowage/test-support';
import { readAll } from '@stowage/testkit';
import pg from 'pg';
import { afterEach } from 'vitest';
import { createBackupTool } from '../index.ts';

export { readAll };

export const config: ServerDatabaseConfig = testServerConfig('postgres');

const tools: DatabaseBackupTool[] = [];

// Not openConnection(): the tests tell the tool's own sessions apart by its application_name.
async function onDatabase<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    host: config.host,
    port: config.port,
    user: config.user,
    ...(config.password === undefined ? {} : { password: config.password }),
    database,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs SQL on `database` and returns its rows. */
export async function sql<T = Record<string, unknown>>(
  database: string,
  text: string,
  values: unknown[] = [],
) {
  return onDatabase(database, async (client) => (await client.query(text, values)).rows as T[]);
}

const scratch = scratchDatabases('postgres', (text) => sql(config.name, text), 'stowage_bk');

/** A new empty database, dropped after the test. */
export const freshDatabase = scratch.create;

export async function databaseExists(name: string): Promise<boolean> {
  const rows = await sql(config.name, 'select 1 from pg_database where datname = $1', [name]);
  return rows.length === 1;
}

/** A backup tool whose configured database is `database` (other settings as configured). */
export function toolFor(database: string, overrides: Partial<ServerDatabaseConfig> = {}): DatabaseBackupTool {
  const tool = createBackupTool({ ...config, name: database, ...overrides }, { logger: silentLogger });
  tools.push(tool);
  return tool;
}

/** Dumps the tool's database into memory. */
export async function dumpToBuffer(tool: DatabaseBackupTool): Promise<{ bytes: Buffer; result: DumpResult }> {
  const session = await tool.dump();
  const [bytes, result] = await Promise.all([readAll(session.stream), session.done]);
  return { bytes, result };
}

afterEach(async () => {
  await Promise.all(tools.splice(0).map((tool) => tool.close()));
  await scratch.dropAll();
});
