// Asserts on the typed error a call rejects with, by code (the way applications check them), and
// hands the error back for assertions on its issues, context or message.
import {
  isStowageError,
  type StowageError,
  type StowageErrorCode,
  type ValidationError,
} from '@stowage/core';
import { expect } from 'vitest';

export async function expectStowageError(
  promise: Promise<unknown>,
  code: StowageErrorCode,
): Promise<StowageError> {
  const outcome = await promise.then(
    (value: unknown) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  );
  if (!outcome.rejected) {
    expect.fail(`expected a ${code} error, but the call resolved with ${describe(outcome.value)}`);
  }
  if (!isStowageError(outcome.error, code)) {
    expect.fail(`expected a ${code} error, got ${describe(outcome.error)}`);
  }
  return outcome.error;
}

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

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value)
    );
  } catch {
    return String(value);
  }
}
