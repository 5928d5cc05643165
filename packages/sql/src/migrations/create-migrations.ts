// The programmatic migrations API over MikroORM's Migrator: create (from the difference between the
// entity definitions and the last snapshot), up, down (to a target) and status, for one folder of
// migration files per application. `up` and `down` run under a lock so concurrent runs (several
// instances starting at once) apply each migration exactly once.
//
// Failure semantics: each migration runs in its own transaction and is recorded in the executions
// table in that transaction. On PostgreSQL and SQLite (transactional DDL) a failed migration leaves
// the schema as it was and stays pending; the ones before it in the same run stay applied. On
// MySQL/MariaDB every DDL statement commits implicitly, so the statements of a failed migration that
// ran before the failing one stay applied while the migration itself stays pending (status lists it
// as pending and `up` throws a BackendError naming it): repair the schema by hand, or make such
// migrations one DDL statement each, before running `up` again.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MigrationsOptions as OrmMigrationsOptions } from '@mikro-orm/core';
import { DatabaseSchema, type EntityManager } from '@mikro-orm/sql';
import {
  ConfigError,
  type CreatedMigration,
  type Database,
  type ExecutedMigration,
  type MigrationStatus,
  type Migrations,
  type MigrationsOptions,
  ValidationError,
} from '@stowage/core';
import { asSqlDatabase } from '../database/sql-database.ts';
import { declareSearchSchema } from '../search/search-schema.ts';
import { migrationFailed, migrationsError } from './migration-errors.ts';
import { migrationFileGenerator } from './migration-file-generator.ts';
import { listMigrationFiles, loadMigrations } from './migration-files.ts';
import { withMigrationLock } from './migration-lock.ts';
import { slugify } from './migration-name.ts';
import { migrationsTableName } from './migrations-table.ts';
import { StowageMigrator } from './stowage-migrator.ts';

/** Options of createMigrations (the contract in core). */
export type SqlMigrationsOptions = MigrationsOptions;
/** The migrations API (the contract in core). */
export type SqlMigrations = Migrations;
export type { CreatedMigration, ExecutedMigration, MigrationStatus };

const SNAPSHOT = '.snapshot';

/** Migrations over a SQL database (a Database from the factory, or a SqlDatabase). */
export function createMigrations(opened: Database, options: SqlMigrationsOptions): SqlMigrations {
  const database = asSqlDatabase(opened);
  if (!options.folder) throw new ConfigError('migrations: folder is required', 'folder');
  const folder = resolve(options.folder);
  const tableName = migrationsTableName(options.tableName);
  const lockTimeoutMs = options.lockTimeoutMs ?? 60_000;
  const driver = database.driver;

  const migrator = async () => {
    const orm = database.orm;
    // Full-text indexes are in the metadata the diff reads, their extra objects in the files.
    const searchIndexes = declareSearchSchema(orm, database.dialect);
    const em = orm.em.fork({ clear: true, useContext: false, disableContextResolution: true });
    const migrations: OrmMigrationsOptions = {
      ...orm.config.get('migrations'),
      tableName,
      path: folder,
      migrationsList: await loadMigrations(await listMigrationFiles(folder)),
      generator: migrationFileGenerator(searchIndexes),
      snapshot: true,
      snapshotName: SNAPSHOT,
      // The snapshot is what `create` generated, not what introspection of some database says.
      snapshotOnMigrate: false,
      // One transaction per migration, so a failure keeps the migrations before it.
      transactional: true,
      allOrNothing: false,
      silent: true,
    };
    return new StowageMigrator(em as unknown as EntityManager, migrations);
  };

  /** Runs up/down under the lock, naming the migration that failed. */
  const run = (method: 'up' | 'down', go: (m: StowageMigrator) => Promise<{ name: string }[]>) =>
    withMigrationLock(database, { tableName, timeoutMs: lockTimeoutMs }, async () => {
      const m = await migrator();
      let current: string | undefined;
      m.on(method === 'up' ? 'migrating' : 'reverting', (event) => {
        current = event.name;
      });
      try {
        return (await go(m)).map((done) => done.name);
      } catch (error) {
        throw current ? migrationFailed(driver, current, method, error) : migrationsError(driver, error);
      }
    }).catch((error: unknown) => {
      throw migrationsError(driver, error);
    });

  return {
    async create(description) {
      const name = slugify(description);
      try {
        const m = await migrator();
        await mkdir(folder, { recursive: true });
        // Without a snapshot MikroORM would diff against whatever database it is connected to;
        // the first migration should create everything, so start from an empty snapshot.
        const snapshot = join(folder, `${SNAPSHOT}.json`);
        const platform = database.orm.em.getPlatform() as ConstructorParameters<typeof DatabaseSchema>[0];
        const empty = new DatabaseSchema(platform, database.orm.config.get('schema'));
        await writeFile(snapshot, JSON.stringify(empty, null, 2), { flag: 'wx' }).catch(
          (error: NodeJS.ErrnoException) => {
            if (error.code !== 'EEXIST') throw error;
          },
        );
        const result = await m.create(folder, false, false, name);
        if (!result.fileName) return null;
        return { name: result.fileName.replace(/\.mjs$/, ''), path: join(folder, result.fileName) };
      } catch (error) {
        throw migrationsError(driver, error);
      }
    },

    async up(upOptions = {}) {
      const { to } = upOptions;
      if (to !== undefined) {
        const known = (await listMigrationFiles(folder)).map((file) => file.name);
        if (!known.includes(to)) throw unknownTarget(to, 'is not a migration in the folder');
      }
      return run('up', (m) => m.up(to === undefined ? undefined : { to }));
    },

    async down({ to }) {
      return run('down', async (m) => {
        if (to !== 0 && !(await m.getExecuted()).some((row) => row.name === to)) {
          throw unknownTarget(to, 'is not an executed migration');
        }
        return m.down({ to });
      });
    },

    async status() {
      try {
        const m = await migrator();
        const executed = (await m.getExecuted()).map((row) => ({
          name: row.name,
          executedAt: new Date(row.executed_at),
        }));
        const pending = (await m.getPending()).map((info) => info.name);
        return { executed, pending };
      } catch (error) {
        throw migrationsError(driver, error);
      }
    },
  };
}

function unknownTarget(to: string, problem: string) {
  return new ValidationError(`Migration target ${JSON.stringify(to)} ${problem}`, [
    { path: 'to', message: problem },
  ]);
}
