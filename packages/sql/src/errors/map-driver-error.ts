// Driver errors never reach users raw: each becomes a typed Stowage error naming what it is about
// (entity, constraint, fields), with the driver's error as `cause`. Messages pass through
// redactUrl() in case a driver echoes a connection string.
import {
  ConnectionException,
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import {
  BackendError,
  ConfigError,
  ConflictError,
  ForeignKeyViolationError,
  isStowageError,
  NotNullViolationError,
  type StowageError,
  UnavailableError,
} from '@stowage/core';
import { isUnverifiedCertificate, redactUrl } from '@stowage/core/adapter';
import type { SqlDialect } from '../dialect/sql-dialect.ts';
import type { EntityModel } from '../entity/entity-model.ts';
import { NETWORK_ERROR_CODES } from './network-error-codes.ts';

/**
 * The server refused a plaintext connection: PostgreSQL's pg_hba.conf has only `hostssl` lines
 * for the client, MySQL/MariaDB run with require_secure_transport=ON.
 */
const TLS_REQUIRED = /no pg_hba\.conf entry .*no encryption|insecure transport are prohibited/i;

type ErrorRecord = Error & Record<string, unknown>;

/** Field names for the columns a constraint covers, found by constraint name or column names. */
function fieldsFor(
  model: EntityModel | undefined,
  constraint: string | undefined,
  columns: string[] | undefined,
) {
  if (!model) return columns ?? [];
  const index = constraint ? model.indexes?.find((candidate) => candidate.name === constraint) : undefined;
  if (index) return [...index.fields];
  const byColumn = new Map([...model.fields.values()].map((f) => [f.column ?? f.name, f.name]));
  return (columns ?? []).map((c) => byColumn.get(c) ?? c);
}

/** The typed error for `error`, thrown by `dialect` while working on `model` (when known). */
export function mapDriverError(error: unknown, dialect: SqlDialect, model?: EntityModel): StowageError {
  if (isStowageError(error)) return error;
  const entity = model?.definition.name ?? 'query';
  if (!(error instanceof Error)) {
    return BackendError.because(dialect.name, `unexpected failure: ${String(error)}`, { cause: error });
  }
  const e = error as ErrorRecord;
  const message = redactUrl(e.message);

  if (error instanceof UniqueConstraintViolationException) {
    const details = dialect.violationDetails(e);
    const fields = fieldsFor(model, details.constraint, details.columns);
    // SQLite names columns, not the constraint: find the unique index over exactly those fields.
    const named = model?.indexes?.find(
      (i) => i.unique && i.fields.length === fields.length && i.fields.every((f) => fields.includes(f)),
    );
    const constraint =
      details.constraint ?? named?.name ?? `${model?.tableName ?? 'table'}(${fields.join(', ')})`;
    return ConflictError.unique(`${entity}.${constraint}`, fields, { cause: error, context: { entity } });
  }
  if (error instanceof NotNullConstraintViolationException) {
    const details = dialect.violationDetails(e);
    const [column] = fieldsFor(model, undefined, details.columns);
    return NotNullViolationError.column(entity, column, { cause: error });
  }
  if (error instanceof ForeignKeyConstraintViolationException) {
    return ForeignKeyViolationError.constraint(entity, dialect.violationDetails(e).constraint, {
      cause: error,
    });
  }
  // DB_SSL=true against a server without TLS: a configuration problem, not an outage.
  if (/does not support (SSL|secure connection)/i.test(e.message) || e.code === 'HANDSHAKE_NO_SSL_SUPPORT') {
    return new ConfigError(
      `DB_SSL: TLS was requested but the ${dialect.name} server does not support it (${message})`,
      'DB_SSL',
      {
        cause: error,
      },
    );
  }
  // DB_SSL=true but the server's certificate does not check out: configuration, not an outage.
  if (isUnverifiedCertificate(e)) {
    return new ConfigError(
      `DB_SSL_CA: the ${dialect.name} server certificate could not be verified (${message}); ` +
        'set DB_SSL_CA to the PEM file of the CA that signed it, or DB_SSL_REJECT_UNAUTHORIZED=false ' +
        'to skip verification',
      'DB_SSL_CA',
      { cause: error },
    );
  }
  if (e.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new ConfigError(
      `DB_HOST: the ${dialect.name} server certificate is not valid for this host (${message}); ` +
        'connect with a host name the certificate lists, or set DB_SSL_REJECT_UNAUTHORIZED=false',
      'DB_HOST',
      { cause: error },
    );
  }
  // Before the credentials check: PostgreSQL reports a refused plaintext connection as 28000.
  if (TLS_REQUIRED.test(e.message)) {
    return new ConfigError(
      `DB_SSL: the ${dialect.name} server requires TLS but DB_SSL is off (${message}); set DB_SSL=true`,
      'DB_SSL',
      { cause: error },
    );
  }
  if (dialect.isAuthenticationFailure(e)) {
    return new ConfigError(
      `DB_USER / DB_PASSWORD: ${dialect.name} refused the credentials (${message})`,
      'DB_PASSWORD',
      {
        cause: error,
      },
    );
  }
  if (error instanceof ConnectionException || NETWORK_ERROR_CODES.has(String(e.code))) {
    return UnavailableError.backend(dialect.name, message, { cause: error });
  }
  return BackendError.because(dialect.name, `${entity}: ${message}`, { cause: error });
}
