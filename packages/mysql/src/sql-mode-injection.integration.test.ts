// The injection and filter suites on MariaDB under the sql_mode settings real deployments use,
// set for this run's pool only: NO_BACKSLASH_ESCAPES (a backslash is an ordinary character, so a
// value escaped with backslashes ends its literal early) and ANSI_QUOTES (double quotes delimit
// identifiers), each alone and both together. Each run first and last checks that every pooled
// connection has the modes.
import { asSqlDatabase } from '@stowage/sql';
import { injectionConformance } from '@stowage/testkit';
import { addSessionSqlModes, checkSessionSqlModes } from './session-sql-mode.test-support.ts';
import { scratch } from './test-database.test-support.ts';

const runs: (readonly string[])[] = [
  ['NO_BACKSLASH_ESCAPES'],
  ['ANSI_QUOTES'],
  ['NO_BACKSLASH_ESCAPES', 'ANSI_QUOTES'],
];

for (const modes of runs) {
  injectionConformance({
    name: `mariadb, sql_mode += ${modes.join(',')}`,
    capabilities: { foreignKeys: true },
    open: async (entities) => {
      const database = await scratch.open(entities);
      await addSessionSqlModes(database, modes);
      return database;
    },
    checkSession: (database) => checkSessionSqlModes(asSqlDatabase(database), modes),
  });
}
