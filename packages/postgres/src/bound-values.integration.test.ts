// The whole repository suite on PostgreSQL with every statement pg sends recorded at the driver
// (text and values of each Client#query): no value the run used may be found in any SQL text.
import { boundValuesConformance, createSqlTextRecorder } from '@stowage/testkit';
import { recordPgStatements } from './pg-sql-text.test-support.ts';
import { scratch } from './test-database.test-support.ts';

const recorder = createSqlTextRecorder();
recordPgStatements(recorder);

boundValuesConformance({
  name: 'postgres',
  capabilities: { foreignKeys: true },
  open: (entities) => scratch.open(entities),
  recorder,
});
