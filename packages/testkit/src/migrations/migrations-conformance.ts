// The migrations conformance suite: what createMigrations in @stowage/sql must do on every SQL
// database (create from the entity definitions, up/status/down, a failed migration, the lock
// timeout and three processes running `up` at once), written once and run by each driver.
import type { Database } from '@stowage/core';
import { describe } from 'vitest';
import { type MigrationsConformanceOptions, useMigrationsSuiteContext } from './suite-context.ts';
import { applyTests } from './suites/apply-tests.ts';
import { concurrencyTests } from './suites/concurrency-tests.ts';
import { createTests } from './suites/create-tests.ts';
import { failureTests } from './suites/failure-tests.ts';
import { searchTests } from './suites/search-tests.ts';

/** Registers the suite with vitest; call it at the top level of a test file. */
export function migrationsConformance<D extends Database>(options: MigrationsConformanceOptions<D>): void {
  describe(`Migrations conformance: ${options.name}`, () => {
    const ctx = useMigrationsSuiteContext(options);
    createTests(ctx);
    applyTests(ctx);
    failureTests(ctx);
    concurrencyTests(ctx);
    searchTests(ctx);
  });
}
