// better-sqlite3's errors (SqliteError with an SQLITE_* code) as typed Stowage errors: a busy or
// locked file may clear up (UnavailableError), anything else will not (BackendError).
import { BackendError, isStowageError, type StowageError, UnavailableError } from '@stowage/core';

const TRANSIENT = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);

/** The typed error for `error`, met while doing `what` (e.g. "dump of ./data/app.sqlite"). */
export function toolError(error: unknown, what: string): StowageError {
  if (isStowageError(error)) return error;
  const code = String((error as { code?: unknown }).code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  const reason = code.startsWith('SQLITE_') ? `${message} (${code})` : message;
  if (TRANSIENT.has(code)) return UnavailableError.backend('sqlite', `${what}: ${reason}`, { cause: error });
  return BackendError.because('sqlite', `${what}: ${reason}`, { cause: error, context: { code } });
}
