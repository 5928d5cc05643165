// repositoryConformance() and unitOfWorkConformance(): the behaviour every relational Repository
// and Database unit of work must show, as vitest tests. Each run uses a random scope prefix, so
// runs against a shared schema and parallel tests never see each other's rows.
import { randomUUID } from 'node:crypto';
import type { Database } from '@stowage/core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ConformanceCounter, ConformanceNote, repositoryConformanceEntities } from './entities.ts';
import type {
  InjectionConformanceOptions,
  RepositoryConformanceOptions,
  RepositorySuiteContext,
} from './suite-context.ts';
import { aggregateTests } from './suites/aggregate-tests.ts';
import { bulkTests } from './suites/bulk-tests.ts';
import { conflictTests } from './suites/conflict-tests.ts';
import { craftedCursorTests } from './suites/crafted-cursor-tests.ts';
import { craftedLiteralTests } from './suites/crafted-literal-tests.ts';
import { createTests } from './suites/create-tests.ts';
import { filterTests } from './suites/filter-tests.ts';
import { foreignKeyTests } from './suites/foreign-key-tests.ts';
import { hostileFilterTests } from './suites/hostile-filter-tests.ts';
import { includeTests } from './suites/include-tests.ts';
import { injectionTests } from './suites/injection-tests.ts';
import { isolationTests } from './suites/isolation-tests.ts';
import { jsonFilterTests } from './suites/json-filter-tests.ts';
import { nulCharacterTests } from './suites/nul-character-tests.ts';
import { orderingTests } from './suites/ordering-tests.ts';
import { paginationTests } from './suites/pagination-tests.ts';
import { plainObjectTests } from './suites/plain-object-tests.ts';
import { projectionTests } from './suites/projection-tests.ts';
import { readTests } from './suites/read-tests.ts';
import { relationFilterTests } from './suites/relation-filter-tests.ts';
import { roundTripTests } from './suites/round-trip-tests.ts';
import { searchTests } from './suites/search-tests.ts';
import { sqlEscapeTests } from './suites/sql-escape-tests.ts';
import { transactionTests } from './suites/transaction-tests.ts';
import { updateTests } from './suites/update-tests.ts';
import { validationTests } from './suites/validation-tests.ts';
import { writeTests } from './suites/write-tests.ts';

type SuiteRegistration = (ctx: RepositorySuiteContext) => void;

/** Registers the repository conformance tests; call it at the top level of a vitest test file. */
export function repositoryConformance(options: RepositoryConformanceOptions): void {
  registerSuite(`Repository conformance: ${options.name}`, options, [
    createTests,
    readTests,
    roundTripTests,
    filterTests,
    orderingTests,
    paginationTests,
    bulkTests,
    updateTests,
    writeTests,
    conflictTests,
    validationTests,
    injectionTests,
    craftedLiteralTests,
    craftedCursorTests,
    nulCharacterTests,
    hostileFilterTests,
    plainObjectTests,
    projectionTests,
    includeTests,
    relationFilterTests,
    aggregateTests,
    jsonFilterTests,
    searchTests,
    ...(options.capabilities?.foreignKeys === false ? [] : [foreignKeyTests]),
  ]);
}

/**
 * Registers the database half of the unit-of-work conformance tests: commit, rollback,
 * savepoints, reads of a transaction's own writes, and isolation between concurrent
 * transactions. (The object-store and cache steps join with the cross-store transaction.)
 */
export function unitOfWorkConformance(options: RepositoryConformanceOptions): void {
  registerSuite(`Unit of work conformance (database): ${options.name}`, options, [
    transactionTests,
    isolationTests,
    sqlEscapeTests,
  ]);
}

/**
 * Registers only the tests of hostile strings and of every filter operator, for running under
 * server settings that change how SQL text is read (MariaDB's NO_BACKSLASH_ESCAPES or ANSI_QUOTES,
 * PostgreSQL's standard_conforming_strings = off). `checkSession`, when given, runs as the first
 * and the last test: it proves the setting is really active on the database under test.
 */
export function injectionConformance(options: InjectionConformanceOptions): void {
  const { checkSession } = options;
  const sessionCheck =
    (when: string): SuiteRegistration =>
    (ctx) => {
      if (checkSession)
        it(`the session setting under test is active ${when}`, () => checkSession(ctx.database()));
    };
  registerSuite(`Injection conformance: ${options.name}`, options, [
    sessionCheck('before the tests'),
    injectionTests,
    craftedLiteralTests,
    filterTests,
    jsonFilterTests,
    relationFilterTests,
    aggregateTests,
    searchTests,
    sessionCheck('after the tests'),
  ]);
}

function registerSuite(
  title: string,
  options: RepositoryConformanceOptions,
  suites: readonly SuiteRegistration[],
): void {
  describe(title, () => {
    // 8 hex characters keep scopes short enough for the varchar(64) column.
    const run = randomUUID().slice(0, 8);
    let database: Database | undefined;
    let scopes = 0;

    const ctx: RepositorySuiteContext = {
      name: options.name,
      capabilities: options.capabilities ?? {},
      database() {
        if (!database)
          throw new Error('the database is not open yet (open() failed or tests ran outside the suite)');
        return database;
      },
      notes: () => ctx.database().repository(ConformanceNote),
      counters: () => ctx.database().repository(ConformanceCounter),
      scope(label) {
        scopes += 1;
        return `rc-${run}-${String(scopes).padStart(4, '0')}-${label}`.slice(0, 64);
      },
    };

    beforeAll(async () => {
      database = await options.open(repositoryConformanceEntities);
    }, 120_000);

    afterAll(async () => {
      await database?.close();
      database = undefined;
    }, 60_000);

    for (const register of suites) register(ctx);
  });
}
