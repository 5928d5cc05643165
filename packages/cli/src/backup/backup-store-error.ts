// A failure of the place backups live (not of the database or its dump tool): typed, naming the
// variables that configure the store, with the store's own error kept as the cause.
import { BackendError, isStowageError } from '@stowage/core';

/** The variable an operator checks when the backup folder (BACKUP_STORAGE_PATH) fails. */
export const FOLDER_VARIABLES = 'BACKUP_STORAGE_PATH';

export class BackupStoreError extends BackendError {
  /** The variables that configure the failing store, e.g. "BACKUP_STORAGE_PATH". */
  readonly variables: string;
  override readonly retryable: boolean;

  constructor(doing: string, location: string, variables: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`The backup store ${location} failed to ${doing}: ${why} (check ${variables})`, {
      cause,
      context: { location, variables },
    });
    this.variables = variables;
    // A store that is down may come back; a refused signature or permission will not.
    this.retryable = isStowageError(cause) ? cause.retryable : false;
  }
}
