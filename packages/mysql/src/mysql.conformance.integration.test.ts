// The SQL driver suites of @stowage/testkit on the real MariaDB (see test-database.test-support.ts).
import { sqlDriverConformance } from '@stowage/testkit';
import { driverSuites } from './test-database.test-support.ts';

sqlDriverConformance(driverSuites);
