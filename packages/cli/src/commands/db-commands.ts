// `stowage db create`: creates the configured database when it does not exist. Opening never
// creates one (a typo in DB_NAME is a configuration error, not a new empty database), so this is
// the explicit step before the first `stowage migrate up` on a new server.
import { ConfigError } from '@stowage/core';
import type { DatabaseAdapterModule } from '@stowage/core/adapter';
import { loadAdapter } from '@stowage/core/internal';
import type { Command } from 'commander';
import { action, type CliRuntime } from './command-runner.ts';

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
          if (!database.createIfMissing)
            throw new ConfigError(`The ${config.driver} adapter cannot create databases`, 'DB_DRIVER');
          const created = await database.createIfMissing();
          const described = mod.backendFacts.describe(config);
          context.reporter.result({ created, database: described }, [
            created ? `created ${described}` : `${described} already exists`,
          ]);
        } finally {
          await database.close();
        }
      }),
    );
}
