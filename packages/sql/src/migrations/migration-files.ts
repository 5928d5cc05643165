// Discovers the migration files of one folder and turns each module into a MikroORM Migration.
// The files import nothing: MikroORM hands them the Migration instance, so an application's
// migrations folder does not need @mikro-orm/migrations to be resolvable from where it lives.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Constructor } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { BackendError, ConfigError } from '@stowage/core';
import { MIGRATION_FILE } from './migration-name.ts';

export interface MigrationFile {
  /** The file name without its extension, as recorded in the executions table. */
  name: string;
  path: string;
}

/** What a migration module exports; `migration.addSql()` queues SQL, `migration.execute()` runs it now. */
interface MigrationModule {
  up?: (migration: Migration) => unknown;
  down?: (migration: Migration) => unknown;
}

/** The folder's migration files in name (= timestamp) order; a missing folder has none. */
export async function listMigrationFiles(folder: string): Promise<MigrationFile[]> {
  const entries = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((entry) => MIGRATION_FILE.test(entry))
    .sort()
    .map((entry) => ({ name: entry.replace(/\.[^.]+$/, ''), path: join(folder, entry) }));
}

function migrationClass(file: MigrationFile, module: MigrationModule): Constructor<Migration> {
  const { up, down } = module;
  if (typeof up !== 'function') {
    throw new ConfigError(`Migration ${file.path} does not export an up(migration) function`, 'migrations');
  }
  return class extends Migration {
    override name = file.name;
    async up() {
      await up(this);
    }
    override async down() {
      if (typeof down !== 'function') {
        throw BackendError.because(
          'migrations',
          `${file.name} has no down(migration) and cannot be reverted`,
          {
            context: { migration: file.name },
          },
        );
      }
      await down(this);
    }
  };
}

/** Imports every file of the folder, for MikroORM's `migrationsList`. */
export async function loadMigrations(files: readonly MigrationFile[]) {
  return Promise.all(
    files.map(async (file) => {
      const module = (await import(/* @vite-ignore */ pathToFileURL(file.path).href)) as MigrationModule;
      return { name: file.name, class: migrationClass(file, module) };
    }),
  );
}
