// Everything the minio SDK, the S3 server or the network throws becomes a typed Stowage error at
// the store's boundary. S3 errors are described by their code and request id only: the SDK copies
// the server's error XML onto them, and for a bad signature that XML names the access key and the
// string that was signed, so the raw S3 error is never attached as `cause`.
import {
  BackendError,
  ConfigError,
  isStowageError,
  NotFoundError,
  PreconditionFailedError,
  type StowageError,
  UnavailableError,
  ValidationError,
} from '@stowage/core';
import { isUnverifiedCertificate } from '@stowage/core/adapter';
import { S3Error } from 'minio';
import { RequestTimeoutError } from './s3-connection.ts';

export const BACKEND = 'minio';

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchVersion']);
const CREDENTIALS = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidToken',
  'ExpiredToken',
  'TokenRefreshRequired',
  'InvalidSecurity',
  'AccessDenied',
  'AllAccessDisabled',
]);
const WRONG_REGION = new Set([
  'AuthorizationHeaderMalformed',
  'PermanentRedirect',
  'MovedPermanently',
  'TemporaryRedirect',
  'IllegalLocationConstraintException',
]);
const TRANSIENT = new Set([
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
  'OperationAborted',
  'ConditionalRequestConflict',
  'XAmzContentSHA256Mismatch',
]);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** Where a failure happened, for messages: the operation and the key or prefix it was about. */
export interface FailureSite {
  operation: string;
  /** The object the call was about (copy, move: the source); NotFound and create-only conflicts name it. */
  key?: string;
  /** Shown when there is no key, e.g. `prefix "a/"`. */
  subject?: string;
}

export interface ConnectionFacts {
  shownEndpoint: string;
  bucket: string;
}

/** The S3 error code of an SDK error ('' when the server sent no body, e.g. on HEAD). */
export function s3Code(error: unknown): string | undefined {
  if (!(error instanceof S3Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

function errnoCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string') return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

function where(site: FailureSite): string {
  return `${site.operation} of ${site.key === undefined ? (site.subject ?? 'the bucket') : JSON.stringify(site.key)}`;
}

/** A TLS hello answered in plain HTTP: OpenSSL's "wrong version number". A setup mistake. */
function speaksNoTls(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    depth++
  ) {
    if (e.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number/i.test(String(e.message)))
      return true;
    e = e.cause as typeof e;
  }
  return false;
}

export function toStowageError(error: unknown, site: FailureSite, facts: ConnectionFacts): StowageError {
  if (isStowageError(error)) return error;
  const code = s3Code(error);
  if (code !== undefined) return fromS3Error(error as S3Error, code, site, facts);

  if (isUnverifiedCertificate(error)) {
    return new ConfigError(
      `minio: the certificate of ${facts.shownEndpoint} could not be verified (${errnoCode(error)}): ` +
        'set S3_TLS_CA to the PEM file of the CA that signed it',
      'S3_TLS_CA',
      { cause: error },
    );
  }
  if (speaksNoTls(error)) {
    return new ConfigError(
      `minio: ${facts.shownEndpoint} does not answer TLS: use an http:// endpoint for that port, or the server's TLS port`,
      'S3_ENDPOINT',
      { cause: error },
    );
  }
  if (error instanceof RequestTimeoutError) {
    return UnavailableError.backend(BACKEND, `${where(site)}: ${facts.shownEndpoint} gave ${error.message}`, {
      cause: error,
      context: { endpoint: facts.shownEndpoint },
    });
  }
  const errno = errnoCode(error);
  if (errno !== undefined && NETWORK.has(errno)) {
    return UnavailableError.backend(
      BACKEND,
      `${where(site)}: cannot reach ${facts.shownEndpoint} (${errno})`,
      {
        cause: error,
        context: { endpoint: facts.shownEndpoint, errno },
      },
    );
  }
  // With its retry off, the SDK reports a 5xx answer as a plain Error with the status in the text.
  const status = error instanceof Error ? /Retryable HTTP status: (\d+)/.exec(error.message)?.[1] : undefined;
  if (status !== undefined) {
    return UnavailableError.backend(BACKEND, `${where(site)}: the server answered HTTP ${status}`, {
      context: { endpoint: facts.shownEndpoint, status: Number(status) },
    });
  }
  const what = error instanceof Error ? `${error.name}${errno ? ` ${errno}` : ''}` : typeof error;
  return BackendError.because(BACKEND, `${where(site)}: unexpected ${what}`, { cause: error });
}

function fromS3Error(error: S3Error, code: string, site: FailureSite, facts: ConnectionFacts): StowageError {
  const requestId = (error as { amzRequestid?: unknown }).amzRequestid;
  const context = {
    s3Code: code || undefined,
    requestId: typeof requestId === 'string' ? requestId : undefined,
  };
  if (NOT_FOUND.has(code) && site.key !== undefined) return NotFoundError.object(site.key, { context });
  if (code === 'NoSuchBucket') return missingBucket(facts);
  if (code === 'PreconditionFailed' && site.key !== undefined)
    return PreconditionFailedError.alreadyExists(site.key, { context });
  if (code === 'InvalidRange') {
    const message = "start is not before the object's size (or the object is empty)";
    return new ValidationError(`Invalid byte range: ${message}`, [{ path: 'range', message }], { context });
  }
  if (CREDENTIALS.has(code)) {
    const extra =
      code === 'AccessDenied' || code === 'AllAccessDisabled' ? ", and the key's rights on it" : '';
    return new ConfigError(
      `minio: ${facts.shownEndpoint} refused ${where(site)} in bucket "${facts.bucket}" (${code}): ` +
        `check S3_ACCESS_KEY and S3_SECRET_KEY${extra}`,
      'S3_ACCESS_KEY',
      { context },
    );
  }
  if (WRONG_REGION.has(code)) {
    return new ConfigError(
      `minio: ${facts.shownEndpoint} refused ${where(site)} in bucket "${facts.bucket}" (${code}): ` +
        'check S3_REGION and S3_ENDPOINT',
      'S3_REGION',
      { context },
    );
  }
  if (TRANSIENT.has(code)) return UnavailableError.backend(BACKEND, `${where(site)}: ${code}`, { context });
  return BackendError.because(BACKEND, `${where(site)}: ${code || 'an error without a code'}`, { context });
}

export function missingBucket(facts: ConnectionFacts): ConfigError {
  return new ConfigError(
    `OBJECT_STORE_BUCKET: the bucket "${facts.bucket}" does not exist on ${facts.shownEndpoint}; create it first`,
    'OBJECT_STORE_BUCKET',
  );
}
