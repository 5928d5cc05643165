// One mapping for what the backup tool hears from PostgreSQL, whether a pg error or the stderr of
// pg_dump/pg_restore (both carry libpq's and the server's wording): the typed error a user can act
// on, its text with the password masked.
import {
  BackendError,
  ConfigError,
  isStowageError,
  NotFoundError,
  type StowageError,
  UnavailableError,
} from '@stowage/core';
import { isUnverifiedCertificate } from '@stowage/core/adapter';
import { NETWORK_ERROR_CODES } from '@stowage/sql';
import { redactPassword } from './redact-password.ts';

const BACKEND = 'postgres';

const UNREACHABLE =
  /connection refused|could not connect|timeout expired|could not translate host name|connection timed out|no route to host|server closed the connection unexpectedly|connection terminated|the database system is (starting up|shutting down)/i;
const NO_TLS = /does not support (SSL|secure connection)|server does not support SSL/i;
const UNVERIFIED =
  /certificate verify failed|self[- ]signed certificate|unable to (get local issuer|verify)|root certificate file .* does not exist/i;
const NO_HOST_MATCH = /server certificate for .* does not match host name/i;
const TLS_REQUIRED = /no pg_hba\.conf entry .*no encryption/i;
const CREDENTIALS = /password authentication failed|no password supplied|role ".*" does not exist/i;
const MISSING_DATABASE = /database "(.*)" does not exist/i;

export interface FailureContext {
  /** What was being done, e.g. "pg_dump of app"; starts the message of an otherwise unknown fault. */
  doing: string;
  /** Masked out of every message. */
  password: string | undefined;
  /** Extra facts for the error's context (never secrets). */
  context?: Record<string, unknown> | undefined;
  /** What the failure left behind, appended to the message (e.g. "the target is as it was"). */
  outcome?: string | undefined;
}

/** The text and SQLSTATE/socket code of a pg error, a child's stderr, or anything thrown. */
function describe(failure: unknown): { text: string; code: string | undefined } {
  if (typeof failure === 'string') return { text: failure, code: undefined };
  if (failure instanceof Error) {
    const code = (failure as { code?: unknown }).code;
    return { text: failure.message, code: typeof code === 'string' ? code : undefined };
  }
  return { text: String(failure), code: undefined };
}

/** The typed error for a failure while `doing` something; its message never holds the password. */
export function toolError(
  failure: unknown,
  { doing, password, context, outcome }: FailureContext,
): StowageError {
  if (isStowageError(failure)) return failure;
  const { text: raw, code } = describe(failure);
  const said = redactPassword(raw.trim(), password);
  // Classified on what PostgreSQL said; the message adds what the failure left behind.
  const text = outcome ? `${said}; ${outcome}` : said;
  // Only a pg error object is a cause worth keeping; its message is masked the same way.
  const cause = failure instanceof Error ? maskedCause(failure, password) : undefined;
  const options = { ...(cause ? { cause } : {}), context: { ...context } };

  if (NO_TLS.test(said)) {
    return new ConfigError(
      `DB_SSL: TLS was requested but the postgres server does not support it (${text})`,
      'DB_SSL',
      options,
    );
  }
  if (isUnverifiedCertificate(failure) || UNVERIFIED.test(said)) {
    return new ConfigError(
      `DB_SSL_CA: the postgres server certificate could not be verified (${text}); set DB_SSL_CA to the PEM file of the CA that signed it, or DB_SSL_REJECT_UNAUTHORIZED=false to skip verification`,
      'DB_SSL_CA',
      options,
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || NO_HOST_MATCH.test(said)) {
    return new ConfigError(
      `DB_HOST: the postgres server certificate is not valid for this host (${text})`,
      'DB_HOST',
      options,
    );
  }
  if (TLS_REQUIRED.test(said)) {
    return new ConfigError(
      `DB_SSL: the postgres server requires TLS but DB_SSL is off (${text}); set DB_SSL=true`,
      'DB_SSL',
      options,
    );
  }
  // 28P01 invalid_password, 28000 invalid_authorization_specification
  if (code === '28P01' || code === '28000' || CREDENTIALS.test(said)) {
    return new ConfigError(
      `DB_USER / DB_PASSWORD: postgres refused the credentials (${text})`,
      'DB_PASSWORD',
      options,
    );
  }
  const missing = MISSING_DATABASE.exec(said);
  // 3D000 invalid_catalog_name
  if (missing || code === '3D000') {
    const database = missing?.[1];
    return new NotFoundError(
      `${doing}: the database ${database === undefined ? '' : `"${database}" `}does not exist (${text})`,
      {
        ...options,
        context: { ...options.context, backend: BACKEND, ...(database === undefined ? {} : { database }) },
      },
    );
  }
  if ((code !== undefined && NETWORK_ERROR_CODES.has(code)) || UNREACHABLE.test(said)) {
    return UnavailableError.backend(BACKEND, `${doing}: ${text}`, options);
  }
  return BackendError.because(BACKEND, `${doing}: ${text}`, options);
}

/** A copy of a driver error whose message is masked; other properties (code…) are kept. */
function maskedCause(error: Error, password: string | undefined): Error {
  const message = redactPassword(error.message, password);
  if (message === error.message) return error;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(error) as object) as Error, error);
  copy.message = message;
  copy.stack = redactPassword(error.stack ?? '', password);
  return copy;
}
