// boundValuesConformance(): the whole repository and unit-of-work suites, run while a driver
// patch records every statement the driver sends, then one test that no value reached the
// server inside SQL text — every value travels as a bound parameter. The values looked for are
// every string bound anywhere in the run plus the hostile strings of the injection suite (a value
// formatted into the text is bound nowhere, so it is found through the other statements that did
// bind it, or through that list). Statements of open() and close() (schema set-up) are not recorded.
import type { Database } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { hostileStrings } from '../repository/hostile-strings.ts';
import { repositoryConformance, unitOfWorkConformance } from '../repository/repository-conformance.ts';
import type { RepositoryConformanceOptions } from '../repository/suite-context.ts';
import type { SqlTextRecorder } from './sql-text-recorder.ts';
import { describeValuesInSqlText, findValuesInSqlText } from './values-in-sql-text.ts';

export interface BoundValuesConformanceOptions extends RepositoryConformanceOptions {
  /** A recorder the driver patch of the package under test reports to (installed already). */
  recorder: SqlTextRecorder;
}

/** Scope values of the repository suite start so; the suite binds some in every run. */
const SCOPE_PREFIX = 'rc-';

export function boundValuesConformance(options: BoundValuesConformanceOptions): void {
  const { recorder } = options;
  const recorded: RepositoryConformanceOptions = {
    ...options,
    async open(entities) {
      recorder.stop();
      const database: Database = await options.open(entities);
      const close = database.close.bind(database);
      recorder.start();
      return Object.assign(database, {
        async close() {
          recorder.stop();
          await close();
        },
      });
    },
  };
  repositoryConformance(recorded);
  unitOfWorkConformance(recorded);

  describe(`SQL text of the repository suites: ${options.name}`, () => {
    it('carries no value: every value the run used was a bound parameter', () => {
      recorder.stop();
      const bound = recorder.boundStrings();
      // A patch on another copy of the driver, or a run that never got going, would see nothing.
      expect(recorder.statements, 'statements recorded during the suites').toBeGreaterThan(100);
      expect(
        [...bound].some((value) => value.startsWith(SCOPE_PREFIX)),
        `the recorder saw the suite's scope values among ${bound.size} bound strings`,
      ).toBe(true);
      const found = findValuesInSqlText(recorder.texts(), new Set([...bound, ...hostileStrings]));
      if (found.length > 0) {
        expect.fail(
          `${found.length === 20 ? 'at least 20' : found.length} of ${recorder.texts().size} distinct statement texts hold a value that must have been bound:\n${describeValuesInSqlText(found)}`,
        );
      }
    });
  });
}
