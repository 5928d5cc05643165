// Builds the @google-cloud/storage client from Stowage's options. Credentials come, in order,
// from inline JSON, a key file, or Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS,
// the gcloud user, or the metadata server). Retries are bounded so that a service that is down
// becomes an UnavailableError in seconds, not after the SDK's default ten minutes.
import { Storage, type StorageOptions } from '@google-cloud/storage';
import { keyFileClient, serviceAccountClient } from './gcs-credentials.ts';

export interface GcsClientOptions {
  projectId?: string;
  /** For emulators, e.g. http://127.0.0.1:4443; requests to it are sent without credentials. */
  apiEndpoint?: string;
  /** Path of a service-account key file. */
  keyFilename?: string;
  /** Inline service-account JSON (client_email, private_key, …). */
  credentials?: Record<string, unknown>;
  /** Retries of a failed idempotent request; default 2. */
  maxRetries?: number;
  /** Give up retrying after this many seconds; default 20. */
  retryTimeoutSeconds?: number;
}

export function createStorageClient(options: GcsClientOptions): Storage {
  const storageOptions: StorageOptions = {
    retryOptions: {
      autoRetry: true,
      maxRetries: options.maxRetries ?? 2,
      totalTimeout: options.retryTimeoutSeconds ?? 20,
      maxRetryDelay: 4,
    },
  };
  if (options.projectId !== undefined) storageOptions.projectId = options.projectId;
  if (options.apiEndpoint !== undefined) storageOptions.apiEndpoint = options.apiEndpoint;
  // Explicit keys become auth clients here (see gcs-credentials.ts); without any, the SDK uses
  // Application Default Credentials.
  const client =
    options.credentials !== undefined
      ? serviceAccountClient(options.credentials)
      : options.keyFilename !== undefined
        ? keyFileClient(options.keyFilename)
        : undefined;
  if (client) storageOptions.authClient = client;
  return new Storage(storageOptions);
}
