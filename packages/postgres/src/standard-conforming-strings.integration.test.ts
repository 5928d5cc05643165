// The injection and filter suites on PostgreSQL with standard_conforming_strings = off, set for
// this run's connections only (pg's `options` startup parameter): a backslash in an ordinary
// '…' literal is then an escape character, as on servers configured for old applications. The
// dialect's own driver options (the connect timeout, TLS) are kept, and each run first and last
// checks that every pooled connection has the setting.
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { asSqlDatabase, type SqlDatabase } from '@stowage/sql';
import { testServerConfig } from '@stowage/test-support';
import { injectionConformance } from '@stowage/testkit';
import { postgresDialect } from './index.ts';
import { scratch } from './test-database.test-support.ts';

const driverOptions = {
  ...(postgresDialect.ormOptions(testServerConfig('postgres')).driverOptions as Record<string, unknown>),
  options: '-c standard_conforming_strings=off',
};

/** Throws unless every connection of the pool (all held at once) runs with the setting off. */
async function checkStandardConformingStringsOff(database: SqlDatabase): Promise<void> {
  const options = database.orm.config.get('driverOptions') as Record<string, unknown>;
  if (options.connectionTimeoutMillis === undefined)
    throw new Error(`the dialect's driver options were replaced, not merged: ${JSON.stringify(options)}`);
  const pool = await (database.orm.em.getConnection() as unknown as PostgreSqlConnection).getNativeClient();
  const clients = await Promise.all(Array.from({ length: pool.options.max }, () => pool.connect()));
  try {
    const settings = await Promise.all(
      clients.map(async (client) => {
        const { rows } = await client.query<{ pid: number; setting: string }>(
          "select pg_backend_pid() as pid, current_setting('standard_conforming_strings') as setting",
        );
        return rows[0];
      }),
    );
    if (settings.length < 2 || settings.some((row) => row?.setting !== 'off'))
      throw new Error(
        `standard_conforming_strings is not off on every pooled connection: ${JSON.stringify(settings)}`,
      );
  } finally {
    for (const client of clients) client.release();
  }
}

injectionConformance({
  name: 'postgres, standard_conforming_strings = off',
  capabilities: { foreignKeys: true },
  open: (entities) => scratch.open(entities, { orm: { driverOptions } }),
  checkSession: (database) => checkStandardConformingStringsOff(asSqlDatabase(database)),
});
