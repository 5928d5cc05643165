// A driver package's Database in a place of its own: a schema on the test PostgreSQL, a database
// on the test MySQL, a file in a folder of its own for SQLite. `open` gives one with its tables
// for a run (the repository suites, the cross-backend tests); `scope` an empty place that several
// databases and child processes open (the migrations suite). The driver's createDatabase is passed
// in: test-support depends on no adapter (they depend on it).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  consoleLogger,
  type Database,
  type DatabaseConfig,
  type EntityDefinition,
  type Logger,
  type ServerDatabaseConfig,
} from '@stowage/core';
import { silentLogger } from '../silent-logger.ts';
import { type TestServer, testServerConfig } from '../test-servers.ts';
import { type ScratchSql, scratchDatabaseSql, scratchName, scratchSchemaSql } from './scratch-databases.ts';

/** What these helpers use of a driver's Database (@stowage/sql's SqlDatabase). */
export interface ScratchSqlDatabase extends Database {
  syncSchema(): Promise<void>;
  readonly orm: {
    readonly em: { getConnection(): { execute(sql: string, params?: unknown[]): Promise<unknown> } };
  };
}

/** A driver package's createDatabase: configuration, logger, extra MikroORM options. */
export type DriverCreateDatabase<D extends ScratchSqlDatabase, O extends object> = (
  config: DatabaseConfig,
  context: { logger: Logger },
  orm?: O,
) => D;

/** How a database in the place is opened (by this process or a child's createDatabase). */
export interface ScratchTarget {
  config: DatabaseConfig;
  orm?: object;
}

/** One empty place (the shape of @stowage/testkit's MigrationsScope). */
export interface ScratchScope<D extends ScratchSqlDatabase> {
  /** Opens a database in the place with `entities` registered; close() closes it. */
  open(entities?: readonly EntityDefinition[]): Promise<D>;
  /** The names of the place's tables, in any order. */
  tables(database: D): Promise<string[]>;
  /** How SQL names table `name` of the place. */
  table(name: string): string;
  child: ScratchTarget;
  /** Closes every database the scope opened (they log nothing) and removes the place. */
  close(): Promise<void>;
}

export interface ScratchOpenOptions<O> {
  /** Extra MikroORM options; the place's own (a schema) are added. */
  orm?: O;
  /** Default consoleLogger. */
  logger?: Logger;
  /** The place's name; default a fresh scratchName(). */
  name?: string;
}

export interface SqlScratch<D extends ScratchSqlDatabase, O extends object> {
  /**
   * A database with `entities`' tables in a new place, named by `place`; its close() removes the
   * place.
   */
  open(
    entities: readonly EntityDefinition[],
    options?: ScratchOpenOptions<O>,
  ): Promise<D & { place: string }>;
  /** A new, empty place. */
  scope(): Promise<ScratchScope<D>>;
}

/** The test server itself: its configuration, databases on it (logging nothing), their SQL. */
export interface ScratchServer<D extends ScratchSqlDatabase> {
  config: ServerDatabaseConfig;
  createDatabase(config: ServerDatabaseConfig): D;
  /** Creating and dropping a whole database on the server. */
  databaseSql: ScratchSql;
}

const execute = (database: ScratchSqlDatabase, sql: string, params: unknown[] = []) =>
  database.orm.em.getConnection().execute(sql, params);

/**
 * `database` with `entities` registered and their tables created in `place`; its close() then
 * runs `remove` after closing, and so does a failure on the way.
 */
async function withTables<D extends ScratchSqlDatabase>(
  database: D,
  entities: readonly EntityDefinition[],
  place: string,
  remove: () => Promise<void>,
): Promise<D & { place: string }> {
  const close = database.close.bind(database);
  const removePlace = async () => {
    await close();
    await remove();
  };
  try {
    await database.register(entities);
    await database.syncSchema();
  } catch (error) {
    await removePlace();
    throw error;
  }
  return Object.assign(database, { place, close: removePlace });
}

/** What a place is on each server: a schema on PostgreSQL, a database on MySQL. */
const places: Record<
  TestServer,
  {
    sql: ScratchSql;
    target(server: ServerDatabaseConfig, place: string): ScratchTarget;
    table(place: string, name: string): string;
  }
> = {
  postgres: {
    sql: scratchSchemaSql,
    target: (server, place) => ({ config: server, orm: { schema: place } }),
    table: (place, name) => `"${place}".${name}`,
  },
  mysql: {
    sql: scratchDatabaseSql.mysql,
    target: (server, place) => ({ config: { ...server, name: place } }),
    table: (_place, name) => `\`${name}\``,
  },
};

/** Places on the test server `server` (STOWAGE_TEST_POSTGRES_URL or STOWAGE_TEST_MYSQL_URL). */
export function serverScratch<D extends ScratchSqlDatabase, O extends object>(
  server: TestServer,
  createDatabase: DriverCreateDatabase<D, O>,
): SqlScratch<D, O> & { server: ScratchServer<D> } {
  const config = testServerConfig(server);
  const kind = places[server];
  /** Runs `sql` on the configured database, over a connection of its own. */
  const onServer = async (sql: string) => {
    const admin = createDatabase(config, { logger: silentLogger });
    try {
      await admin.register([]);
      await execute(admin, sql);
    } finally {
      await admin.close();
    }
  };
  return {
    server: {
      config,
      createDatabase: (at) => createDatabase(at, { logger: silentLogger }),
      databaseSql: scratchDatabaseSql[server],
    },
    async open(entities, options = {}) {
      const place = options.name ?? scratchName();
      await onServer(kind.sql.create(place));
      const target = kind.target(config, place);
      const orm = { ...options.orm, ...target.orm } as O;
      const database = createDatabase(target.config, { logger: options.logger ?? consoleLogger }, orm);
      return withTables(database, entities, place, () => onServer(kind.sql.drop(place)));
    },
    async scope() {
      const place = scratchName();
      const target = kind.target(config, place);
      const opened: D[] = [];
      const open = async (at: ScratchTarget, entities: readonly EntityDefinition[] = []) => {
        const database = createDatabase(at.config, { logger: silentLogger }, at.orm as O | undefined);
        opened.push(database);
        await database.register(entities);
        return database;
      };
      const admin = await open({ config });
      await execute(admin, kind.sql.create(place));
      return {
        open: (entities) => open(target, entities),
        async tables(database) {
          const sql = 'select table_name as name from information_schema.tables where table_schema = ?';
          return ((await execute(database, sql, [place])) as { name: string }[]).map((row) => row.name);
        },
        table: (name) => kind.table(place, name),
        child: target,
        async close() {
          await execute(admin, kind.sql.drop(place));
          await Promise.all(opened.map((database) => database.close()));
        },
      };
    },
  };
}

/** SQLite files, each in a temporary folder of its own (removed with the place). */
export function sqliteScratch<D extends ScratchSqlDatabase, O extends object>(
  createDatabase: DriverCreateDatabase<D, O>,
): SqlScratch<D, O> {
  const newFile = async () => {
    const folder = await mkdtemp(join(tmpdir(), 'stowage-sqlite-'));
    return { folder, config: { driver: 'sqlite', path: join(folder, 'app.sqlite') } as const };
  };
  return {
    async open(entities, options = {}) {
      const { folder, config } = await newFile();
      const database = createDatabase(config, { logger: options.logger ?? consoleLogger }, options.orm);
      return withTables(database, entities, config.path, () => rm(folder, { recursive: true, force: true }));
    },
    async scope() {
      const { folder, config } = await newFile();
      const opened: D[] = [];
      return {
        async open(entities = []) {
          const database = createDatabase(config, { logger: silentLogger });
          opened.push(database);
          await database.register(entities);
          return database;
        },
        async tables(database) {
          const rows = await execute(database, `select name from sqlite_master where type = 'table'`);
          return (rows as { name: string }[]).map((row) => row.name);
        },
        table: (name) => name,
        child: { config },
        async close() {
          await Promise.all(opened.map((database) => database.close()));
          await rm(folder, { recursive: true, force: true });
        },
      };
    },
  };
}
