// sqlDriverConformance() refuses a suite switched on without what it needs, before it registers
// anything: a missing server fails the file instead of skipping the suite.
import { describe, expect, it } from 'vitest';
import type { SqlDriverConformanceOptions } from './options.ts';
import { sqlDriverConformance } from './sql-driver-conformance.ts';

const embedded: SqlDriverConformanceOptions = {
  name: 'embedded',
  capabilities: { transactionalDdl: true, connectionFailures: false, replicas: false },
  open: () => Promise.reject(new Error('not opened in this test')),
  scope: () => Promise.reject(new Error('not opened in this test')),
  createMigrations: () => {
    throw new Error('not used in this test');
  },
  driverUrl: 'file:///nowhere.js',
};

describe('sqlDriverConformance options', () => {
  it.each(['connectionFailures', 'replicas'] as const)('needs a server when %s is on', (suite) => {
    const options = { ...embedded, capabilities: { ...embedded.capabilities, [suite]: true } };
    expect(() => sqlDriverConformance(options)).toThrowError(
      `sqlDriverConformance(embedded): capabilities.${suite} need options.server`,
    );
  });
});
