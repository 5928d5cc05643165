// sqlDriverConformance(): every suite a SQL driver package runs against its real database, from
// one description of the driver — the repository and unit-of-work suites, then connection
// failures, migrations and read replicas. A suite the database cannot run is switched off by a
// capability, never skipped: one switched on without what it needs fails to register.
import { connectionFailureConformance } from '../connection-failures/connection-failure-conformance.ts';
import { migrationsConformance } from '../migrations/migrations-conformance.ts';
import { replicaConformance } from '../replicas/replica-conformance.ts';
import { repositoryConformance, unitOfWorkConformance } from '../repository/repository-conformance.ts';
import type { SqlDriverConformanceOptions, SqlDriverDatabase } from './options.ts';

const execute = (database: SqlDriverDatabase, sql: string, params: unknown[] = []) =>
  database.orm.em.getConnection().execute(sql, params);

/** Registers the suites with vitest; call it at the top level of a test file. */
export function sqlDriverConformance<D extends SqlDriverDatabase>(
  options: SqlDriverConformanceOptions<D>,
): void {
  const { name, capabilities, server } = options;
  // Checked before anything registers: a suite switched on must run, or the file fails.
  const needsServer = (['connectionFailures', 'replicas'] as const).filter((suite) => capabilities[suite]);
  if (needsServer.length > 0 && !server)
    throw new Error(
      `sqlDriverConformance(${name}): capabilities.${needsServer.join(', ')} need options.server`,
    );

  const repository = { name, capabilities, open: options.open };
  repositoryConformance(repository);
  unitOfWorkConformance(repository);

  if (capabilities.connectionFailures && server) {
    const { config, createDatabase, refusedUser } = server;
    connectionFailureConformance({
      name,
      config,
      createDatabase,
      ...(refusedUser === undefined ? {} : { refusedUser }),
    });
  }

  migrationsConformance<D>({
    name,
    transactionalDdl: capabilities.transactionalDdl,
    driverUrl: options.driverUrl,
    sqlUrl: options.sqlUrl ?? options.driverUrl,
    createMigrations: options.createMigrations,
    query: async (database, sql) => (await execute(database, sql)) as unknown[],
    scope: options.scope,
    ...(options.sleepSql ? { sleepSql: options.sleepSql } : {}),
    ...(options.holdLock ? { holdLock: options.holdLock } : {}),
  });

  if (capabilities.replicas && server) {
    const { config, createDatabase, databaseSql } = server;
    replicaConformance<D>({
      name,
      config,
      createDatabase,
      createServerDatabase: async (admin, database) => {
        await execute(admin, databaseSql.create(database));
      },
      dropServerDatabase: async (admin, database) => {
        await execute(admin, databaseSql.drop(database));
      },
      syncSchema: (database) => database.syncSchema(),
      execute,
    });
  }
}
