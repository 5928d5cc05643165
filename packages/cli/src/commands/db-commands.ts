// `stowage db create`: creates the configured database when it does not exist. Opening never
// creates one (a typo in DB_NAME is a configuration error, not a new empty database), so this is
// the explicit step before the first `stowage migrate up` on a new server.
import { ConfigError, type Database, type DatabaseConfig } from '@stowage/core';
import type { DatabaseAdapterModule } from '@stowage/core/adapter';
import { loadAdapter } from '@stowage/core/internal';
import type { Command } from 'commander';
import { action, type CliRuntime } from './command-runner.ts';

/** The SQL drivers' databases (@stowage/sql's SqlDatabase) can create themselves. */
interface CreatableDatabase extends Database {
  createIfMissing(): Promise<boolean>;
}

const creatable = (database: Database): database is CreatableDatabase =>
  typeof (database as Partial<CreatableDatabase>).createIfMissing === 'function';

/** The database named in words; never the password. */
function describe(config: DatabaseConfig): string {
  return config.driver === 'sqlite'
    ? `SQLite file ${config.path}`
    : `${config.driver} database ${config.name} on ${config.host}:${config.port}`;
}

export function dbCommands(program: Command, runtime: CliRuntime) {
  const db = program.command('db').description('manage the configured database itself');

  db.command('create')
    .description('create the configured database (DB_NAME / DATABASE_URL) if it does not exist')
    .action(
      action(runtime, async (context) => {
        const config = context.databaseConfig();
        const mod = await loadAdapter<DatabaseAdapterModule>('database', config.driver, 'createDatabase');
        const database = await mod.createDatabase(config, { logger: context.logger });
        try {
          if (!creatable(database))
            throw new ConfigError(`The ${config.driver} adapter cannot create databases`, 'DB_DRIVER');
          const created = await database.createIfMissing();
          context.reporter.result({ created, database: describe(config) }, [
            created ? `created ${describe(config)}` : `${describe(config)} already exists`,
          ]);
        } finally {
          await database.close();
        }
      }),
    );
}
