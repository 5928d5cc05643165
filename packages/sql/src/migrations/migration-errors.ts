// Typed errors for the migrations API: a failure inside a migration names the migration file.
import { ConnectionException } from '@mikro-orm/core';
import { BackendError, isStowageError, type StowageError, UnavailableError } from '@stowage/core';
import { redactUrl } from '@stowage/core/adapter';

function messageOf(error: unknown): string {
  return redactUrl(error instanceof Error ? error.message : String(error));
}

/** Any failure outside a migration: typed errors pass through, lost connections are retryable. */
export function migrationsError(driver: string, error: unknown): StowageError {
  if (isStowageError(error)) return error;
  if (error instanceof ConnectionException)
    return UnavailableError.backend(driver, messageOf(error), { cause: error });
  return BackendError.because(driver, `migrations: ${messageOf(error)}`, { cause: error });
}

/** A migration's own statements failed; the migration stays pending. */
export function migrationFailed(driver: string, migration: string, method: 'up' | 'down', error: unknown) {
  if (isStowageError(error, 'UNAVAILABLE')) return error;
  return BackendError.because(driver, `migration ${migration} (${method}) failed: ${messageOf(error)}`, {
    cause: error,
    context: { migration, method },
  });
}
