// `stowage db create`: creates the configured database when it does not exist. Opening never
// creates one (a typo in DB_NAME is a configuration error, not a new empty database), so this is
// the explicit step before the first `stowage migrate up` on a new server.
import { ConfigError, isStowageError, loadConfig, type ServerDatabaseConfig } from '@stowage/core';
import type { DatabaseAdapterModule } from '@stowage/core/adapter';
import { loadAdapter, openDatabase } from '@stowage/core/internal';
import type { Command } from 'commander';
import { UsageError } from '../errors/usage-error.ts';
import { applyRoles } from '../roles/apply-roles.ts';
import { type RolePlan, roleStatements } from '../roles/role-statements.ts';
import { action, type CliRuntime } from './command-runner.ts';

export function dbCommands(program: Command, runtime: CliRuntime) {
  const db = program.command('db').description('manage the configured database itself');

  db.command('create')
    .description('create the configured database (DB_NAME / DATABASE_URL) if it does not exist')
    .action(
      action(runtime, async (context) => {
        // As the migration role, when one is set: the application's role creates nothing.
        const config = context.migrationDatabaseConfig();
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

  db.command('roles')
    .description(
      'print (or, with --apply, create) a migration role that owns the schema and an application role with only DML',
    )
    .option('--apply', 'run the statements, as the administrator given by --admin-url')
    .option('--admin-url <url>', 'a role allowed to create roles, on the same server (with --apply)')
    .addHelpText(
      'after',
      '\nThe application role is the configured database user (DATABASE_URL / DB_USER, password DB_PASSWORD);\n' +
        'the migration role is DB_MIGRATION_USER (password DB_MIGRATION_PASSWORD) or MIGRATION_DATABASE_URL.\n' +
        'migrate, backup, restore and db create then connect as the migration role.',
    )
    .action(
      action(runtime, async (context, options: { apply?: boolean; adminUrl?: string }) => {
        const app = context.databaseConfig();
        const migration = context.config.stowage.migrationDatabase;
        if (app.driver === 'sqlite') {
          throw new ConfigError(
            'db roles: SQLite has no roles; set a PostgreSQL or MySQL/MariaDB database',
            'DB_DRIVER',
          );
        }
        if (!migration) {
          throw new ConfigError(
            'db roles: set DB_MIGRATION_USER (and DB_MIGRATION_PASSWORD) or MIGRATION_DATABASE_URL for the migration role',
            'DB_MIGRATION_USER',
          );
        }
        if (migration.user === app.user) {
          throw new ConfigError(
            `db roles: the migration role and the application role are both ${JSON.stringify(app.user)}; give them different users`,
            'DB_MIGRATION_USER',
          );
        }
        const plan: RolePlan = {
          driver: app.driver,
          database: app.name,
          migrationUser: migration.user,
          appUser: app.user,
          migrationPassword: migration.password,
          appPassword: app.password,
        };
        if (!options.apply) {
          const statements = roleStatements(plan, true);
          context.reporter.result(
            { applied: false, statements },
            statements.map((statement) => `${statement};`),
          );
          return;
        }
        if (!options.adminUrl)
          throw new UsageError('db roles --apply needs --admin-url <url> (a role allowed to create roles)');
        const admin = await openDatabase(adminConfig(options.adminUrl, app), { logger: context.logger });
        try {
          await admin.register([]);
          const count = await applyRoles(admin, plan);
          context.reporter.result(
            { applied: true, statements: count, migrationUser: plan.migrationUser, appUser: plan.appUser },
            [
              `applied ${count} statements: ${plan.migrationUser} owns the schema, ${plan.appUser} reads and writes rows`,
            ],
          );
        } finally {
          await admin.close();
        }
      }),
    );
}

/** The administrator's connection from --admin-url: a URL like DATABASE_URL, on the configured database. */
function adminConfig(url: string, app: ServerDatabaseConfig): ServerDatabaseConfig {
  try {
    const admin = loadConfig({ DATABASE_URL: url, DB_NAME: app.name }).database;
    if (admin && admin.driver !== 'sqlite') return admin;
  } catch (error) {
    if (!isStowageError(error, 'CONFIG')) throw error;
  }
  // The value is not echoed: it may hold the administrator's password.
  throw new UsageError(
    '--admin-url: expected a postgres:// or mysql:// URL of the same server, like DATABASE_URL',
  );
}
