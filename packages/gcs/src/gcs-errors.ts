// Turns what @google-cloud/storage throws into typed Stowage errors at the adapter's boundary:
// the SDK's ApiError carries the HTTP status (and the service's reason); network failures carry
// an errno code. Messages name the operation and key, never credentials; the original error is
// kept as `cause` for debugging.
import {
  BackendError,
  ConfigError,
  isStowageError,
  NotFoundError,
  PreconditionFailedError,
  UnavailableError,
} from '@stowage/core';

export const BACKEND = 'gcs';

/** Network failures a retry can get past (the service or the network is down). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface SdkError {
  code?: unknown;
  status?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: { reason?: unknown }[];
}

/** The HTTP status of an SDK error, when it has one. */
export function statusOf(error: unknown): number | undefined {
  const { code, status } = (error ?? {}) as SdkError;
  if (typeof code === 'number') return code;
  if (typeof status === 'number') return status;
  return undefined;
}

function networkCode(error: unknown): string | undefined {
  // gaxios / undici nest the socket error.
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const { code, cause } = current as SdkError;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    current = cause;
  }
  return undefined;
}

/** No credentials, or ones that cannot sign (a key without private_key): a setup problem. */
function isCredentialsProblem(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return name === 'SigningError' || /default credentials|client_email|private_key/i.test(String(message));
}

function isBucketMissing(error: unknown): boolean {
  const message = String((error as SdkError).message ?? '');
  return /bucket/i.test(message) && /not exist|not found/i.test(message);
}

/**
 * The SDK's ApiError holds the whole HTTP exchange, request headers included (an Authorization
 * bearer token on the real service). The cause keeps only its name, message, status and code.
 */
export function sanitized(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const copy = new Error(error.message);
  copy.name = error.name;
  const { code } = error as SdkError;
  if (typeof code === 'number' || typeof code === 'string') Object.assign(copy, { code });
  return copy;
}

/** A typed error for a failed put; a create-only put's 412 means the key was taken. */
export function mapPutError(error: unknown, key: string, ifNotExists: boolean): Error {
  if (ifNotExists && statusOf(error) === 412)
    return PreconditionFailedError.alreadyExists(key, { cause: sanitized(error) });
  return mapGcsError(error, 'put', key);
}

/** A typed error for a failed `operation` on `key` (or on the bucket when key is undefined). */
export function mapGcsError(error: unknown, operation: string, key?: string): Error {
  if (isStowageError(error)) return error;
  const at = key === undefined ? operation : `${operation} ${JSON.stringify(key)}`;
  const options = { cause: sanitized(error), context: { operation, ...(key === undefined ? {} : { key }) } };
  const status = statusOf(error);
  if (status === 404) {
    if (key !== undefined && !isBucketMissing(error)) return NotFoundError.object(key, options);
    return new ConfigError(
      `${at}: the bucket does not exist (check OBJECT_STORE_BUCKET)`,
      'OBJECT_STORE_BUCKET',
      options,
    );
  }
  // A create-only put turns its 412 into PreconditionFailedError.alreadyExists (mapPutError).
  if (status === 412) return new PreconditionFailedError(`${at}: a precondition did not hold`, options);
  if (status === 401 || status === 403) {
    return new ConfigError(
      `${at}: Google Cloud Storage refused the credentials (HTTP ${status}); check GOOGLE_APPLICATION_CREDENTIALS or GCS_CREDENTIALS and the account's permissions on the bucket`,
      'GOOGLE_APPLICATION_CREDENTIALS',
      options,
    );
  }
  if (status === 408 || status === 429 || (status !== undefined && status >= 500)) {
    return UnavailableError.backend(BACKEND, `${at} failed with HTTP ${status}`, options);
  }
  if (status === undefined && isCredentialsProblem(error)) {
    return new ConfigError(
      `${at}: no usable Google credentials; set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file or GCS_CREDENTIALS to its JSON`,
      'GOOGLE_APPLICATION_CREDENTIALS',
      options,
    );
  }
  const network = networkCode(error);
  if (network)
    return UnavailableError.backend(BACKEND, `${at} could not reach the service (${network})`, options);
  const reason = status === undefined ? 'unexpected error' : `HTTP ${status}`;
  return BackendError.because(BACKEND, `${at}: ${reason}`, options);
}
