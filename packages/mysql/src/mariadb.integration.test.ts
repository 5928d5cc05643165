// The shared repository suite on the real MariaDB (STOWAGE_TEST_MYSQL_URL, default the machine's
// local server), in a database of its own per run so parallel workers never meet.
import { randomBytes } from 'node:crypto';
import { consoleLogger, loadConfig } from '@stowage/core';
import {
  connectionFailureConformance,
  type RepositoryConformanceOptions,
  repositoryConformance,
  unitOfWorkConformance,
} from '@stowage/testkit';
import { createDatabase } from './index.ts';

const url = process.env.STOWAGE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const config = loadConfig({ DATABASE_URL: url }).database;
if (!config || config.driver === 'sqlite') throw new Error('STOWAGE_TEST_MYSQL_URL is not a MySQL URL');

const conformance: RepositoryConformanceOptions = {
  name: 'mariadb',
  capabilities: { foreignKeys: true },
  open: async (entities) => {
    const name = `stowage_${randomBytes(6).toString('hex')}`;
    const admin = createDatabase(config, { logger: consoleLogger });
    await admin.register([]);
    await admin.orm.em
      .getConnection()
      .execute(`create database \`${name}\` character set utf8mb4 collate utf8mb4_bin`);
    await admin.close();
    const database = createDatabase({ ...config, name }, { logger: consoleLogger });
    await database.register(entities);
    await database.syncSchema();
    const close = database.close.bind(database);
    return Object.assign(database, {
      async close() {
        await database.orm.em.getConnection().execute(`drop database if exists \`${name}\``);
        await close();
      },
    });
  },
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
