import { UnavailableError } from '@stowage/core';

/** Another process held the migrations lock for longer than we were willing to wait. */
export function lockTimeout(driver: string, name: string, timeoutMs: number, cause?: unknown) {
  return UnavailableError.backend(
    driver,
    `the migrations lock "${name}" is held by another process (waited ${timeoutMs} ms)`,
    { cause, context: { lock: name } },
  );
}
