// The shared repository suite on the real MariaDB (STOWAGE_TEST_MYSQL_URL, default the machine's
// local server), in a database of its own per run so parallel workers never meet.
import { consoleLogger } from '@stowage/core';
import {
  connectionFailureConformance,
  type RepositoryConformanceOptions,
  repositoryConformance,
  unitOfWorkConformance,
} from '@stowage/testkit';
import { mysqlTestConfig as config, openFreshDatabase } from './fresh-database.test-support.ts';
import { createDatabase } from './index.ts';

const conformance: RepositoryConformanceOptions = {
  name: 'mariadb',
  capabilities: { foreignKeys: true },
  open: (entities) => openFreshDatabase(entities),
};

repositoryConformance(conformance);
unitOfWorkConformance(conformance);
connectionFailureConformance({
  name: 'mariadb',
  config,
  createDatabase: (options) => createDatabase(options, { logger: consoleLogger }),
  // root exists: the server refuses it for the wrong password, not for an unknown user.
  refusedUser: 'root',
});
