// The whole repository suite on SQLite with every statement better-sqlite3 is given recorded at
// the driver (texts of prepare/exec, parameters of run/get/all/iterate): no value the run used may
// be found in any SQL text.
import { boundValuesConformance, createSqlTextRecorder } from '@stowage/testkit';
import { recordBetterSqlite3Statements } from './better-sqlite3-sql-text.test-support.ts';
import { scratch } from './test-database.test-support.ts';

const recorder = createSqlTextRecorder();
recordBetterSqlite3Statements(recorder);

boundValuesConformance({
  name: 'sqlite',
  capabilities: { foreignKeys: true },
  open: (entities) => scratch.open(entities),
  recorder,
});
