// The whole repository suite on MariaDB with every statement mysql2 sends recorded at the driver
// (the formatted text of each query(), the text and parameters of each execute()): no value the
// run used may be found in any SQL text.
import { boundValuesConformance, createSqlTextRecorder } from '@stowage/testkit';
import { recordMysql2Statements } from './mysql2-sql-text.test-support.ts';
import { scratch } from './test-database.test-support.ts';

const recorder = createSqlTextRecorder();
recordMysql2Statements(recorder);

boundValuesConformance({
  name: 'mariadb',
  capabilities: { foreignKeys: true },
  open: (entities) => scratch.open(entities),
  recorder,
});
