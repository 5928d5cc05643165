// A failure of the place backups live (not of the database or its dump tool): typed, naming the
// variables that configure the store, with the store's own error kept as the cause.
import { BackendError, isStowageError } from '@stowage/core';

/** The variables an operator checks when the backup store fails, by object-store backend. */
export function storeVariables(backend: string): string {
  switch (backend) {
    case 'folder':
      return 'BACKUP_STORAGE_PATH';
    case 'minio':
      return 'OBJECT_STORE_BUCKET / S3_ENDPOINT / S3_ACCESS_KEY / S3_SECRET_KEY';
    case 'gcs':
      return 'OBJECT_STORE_BUCKET / GCS_API_ENDPOINT / GCS_CREDENTIALS';
    case 'local-fs':
      return 'OBJECT_STORE_PATH';
    default:
      return 'the object store settings';
  }
}

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
