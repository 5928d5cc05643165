// The whole repository suite on SQLite with every statement better-sqlite3 is given recorded at
// the driver (texts of prepare/exec, parameters of run/get/all/iterate): no value the run used may
// be found in any SQL text.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleLogger } from '@stowage/core';
import { boundValuesConformance, createSqlTextRecorder } from '@stowage/testkit';
import { recordBetterSqlite3Statements } from './better-sqlite3-sql-text.test-support.ts';
import { createDatabase } from './index.ts';

const recorder = createSqlTextRecorder();
recordBetterSqlite3Statements(recorder);

boundValuesConformance({
  name: 'sqlite',
  capabilities: { foreignKeys: true },
  open: async (entities) => {
    const path = join(await mkdtemp(join(tmpdir(), 'stowage-sqlite-')), 'bound-values.sqlite');
    const database = createDatabase({ driver: 'sqlite', path }, { logger: consoleLogger });
    await database.register(entities);
    await database.syncSchema();
    return database;
  },
  recorder,
});
