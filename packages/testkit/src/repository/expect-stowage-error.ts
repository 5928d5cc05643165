// ValidationError assertions for the repository suites: which field paths an error names.
import type { ValidationError } from '@stowage/core';
import { expect } from 'vitest';
import { expectStowageError } from '../expect-stowage-error.ts';

export async function expectValidationError(promise: Promise<unknown>): Promise<ValidationError> {
  return (await expectStowageError(promise, 'VALIDATION')) as ValidationError;
}

/**
 * True when one of the issues is about `field`: the field is a segment of its path ("rank",
 * "rank.$in", "$or.1.rank", "orderBy.rank", "3.title"), or it is a root-level issue naming it
 * (zod reports unknown keys at the root, with the key in the message).
 */
export function namesField(error: ValidationError, field: string): boolean {
  return error.issues.some(
    (issue) => issue.path.split('.').includes(field) || (issue.path === '' && issue.message.includes(field)),
  );
}

/** Asserts that the ValidationError lists every one of `fields`. */
export function expectIssuesFor(error: ValidationError, fields: readonly string[]): void {
  const missing = fields.filter((field) => !namesField(error, field));
  expect(missing, `issues ${JSON.stringify(error.issues)} do not name ${missing.join(', ')}`).toEqual([]);
}
