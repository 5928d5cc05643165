// Asserts on the typed error a promise rejects with, by code, the way applications check them.
import { isStowageError, type StowageErrorCode } from '@stowage/core';
import { expect } from 'vitest';

export async function expectStowageError(promise: Promise<unknown>, code: StowageErrorCode): Promise<void> {
  const outcome = await promise.then(
    (value: unknown) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  );
  expect(outcome.rejected, `expected a ${code} error, but the call resolved`).toBe(true);
  if (!outcome.rejected) return;
  expect(isStowageError(outcome.error, code), `expected a ${code} error, got ${String(outcome.error)}`).toBe(
    true,
  );
}
