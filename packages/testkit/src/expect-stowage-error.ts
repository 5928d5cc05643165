// Assertions on the typed error a call rejects with, by code (the way applications check them),
// shared by every conformance suite. The error is handed back for assertions on its details.
import { isStowageError, type StowageError, type StowageErrorCode } from '@stowage/core';
import { expect } from 'vitest';

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  const outcome = await promise.then(
    (value: unknown) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  );
  if (!outcome.rejected)
    expect.fail(`expected the call to reject, but it resolved with ${describe(outcome.value)}`);
  return outcome.error;
}

/** Asserts that `promise` rejects with a Stowage error of `code`, and returns that error. */
export async function expectStowageError(
  promise: Promise<unknown>,
  code: StowageErrorCode,
): Promise<StowageError> {
  const error = await rejectionOf(promise);
  if (!isStowageError(error, code)) expect.fail(`expected a ${code} error, got ${describe(error)}`);
  return error;
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
