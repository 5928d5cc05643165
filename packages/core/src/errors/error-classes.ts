// The typed errors users catch. Each has a stable code and a static factory that writes the
// message, in the style of Flystorage's UnableToReadFile.because().
import { StowageError, type StowageErrorOptions } from './stowage-error.ts';

export class NotFoundError extends StowageError {
  static override readonly code = 'NOT_FOUND' as const;
  readonly code = 'NOT_FOUND' as const;
  static object(key: string, options?: StowageErrorOptions): NotFoundError {
    return new NotFoundError(`No object at key ${JSON.stringify(key)}`, { ...options, context: { key } });
  }
  static entity(entity: string, id: unknown, options?: StowageErrorOptions): NotFoundError {
    return new NotFoundError(`${entity} ${JSON.stringify(id)} not found`, {
      ...options,
      context: { entity, id },
    });
  }
}

export class ConflictError extends StowageError {
  static override readonly code = 'CONFLICT' as const;
  readonly code = 'CONFLICT' as const;
  static unique(constraint: string, fields: readonly string[], options?: StowageErrorOptions): ConflictError {
    return new ConflictError(`Unique constraint ${constraint} violated on (${fields.join(', ')})`, {
      ...options,
      context: { constraint, fields },
    });
  }
}

/** A required column was given no value (NOT NULL constraint). */
export class NotNullViolationError extends StowageError {
  static override readonly code = 'NOT_NULL_VIOLATION' as const;
  readonly code = 'NOT_NULL_VIOLATION' as const;
  static column(entity: string, column: string | undefined, options?: StowageErrorOptions) {
    return new NotNullViolationError(
      `${entity}: ${column ? `column ${column}` : 'a column'} must not be null`,
      {
        ...options,
        context: { ...options?.context, entity, column },
      },
    );
  }
}

/** A reference points at a row that does not exist, or a referenced row is still in use. */
export class ForeignKeyViolationError extends StowageError {
  static override readonly code = 'FOREIGN_KEY_VIOLATION' as const;
  readonly code = 'FOREIGN_KEY_VIOLATION' as const;
  static constraint(entity: string, constraint: string | undefined, options?: StowageErrorOptions) {
    return new ForeignKeyViolationError(
      `${entity}: foreign key ${constraint ?? '(unnamed)'} violated — the referenced row is missing or still referenced`,
      { ...options, context: { ...options?.context, entity, constraint } },
    );
  }
}

export class OptimisticLockError extends StowageError {
  static override readonly code = 'OPTIMISTIC_LOCK' as const;
  readonly code = 'OPTIMISTIC_LOCK' as const;
  static versionMismatch(entity: string, id: unknown, expected: number, options?: StowageErrorOptions) {
    return new OptimisticLockError(
      `${entity} ${JSON.stringify(id)} was changed by someone else (expected version ${expected})`,
      {
        ...options,
        context: { entity, id, expected },
      },
    );
  }
}

export interface ValidationIssue {
  /** Dotted path of the bad field, e.g. "address.zip" or "tags.2". */
  path: string;
  message: string;
}

export class ValidationError extends StowageError {
  static override readonly code = 'VALIDATION' as const;
  readonly code = 'VALIDATION' as const;
  readonly issues: readonly ValidationIssue[];
  constructor(message: string, issues: readonly ValidationIssue[], options?: StowageErrorOptions) {
    super(message, options);
    this.issues = issues;
  }
  static forEntity(entity: string, issues: readonly ValidationIssue[], options?: StowageErrorOptions) {
    const list = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
    return new ValidationError(`Invalid ${entity}: ${list}`, issues, { ...options, context: { entity } });
  }
}

export class ConfigError extends StowageError {
  static override readonly code = 'CONFIG' as const;
  readonly code = 'CONFIG' as const;
  /** The environment variable or config path at fault, when there is one. */
  readonly variable: string | undefined;
  constructor(message: string, variable?: string, options?: StowageErrorOptions) {
    super(message, options);
    this.variable = variable;
  }
  static invalid(variable: string, expected: string, options?: StowageErrorOptions): ConfigError {
    return new ConfigError(`${variable}: expected ${expected}`, variable, options);
  }
}

export class AdapterNotInstalledError extends StowageError {
  static override readonly code = 'ADAPTER_NOT_INSTALLED' as const;
  readonly code = 'ADAPTER_NOT_INSTALLED' as const;
  readonly packageName: string;
  constructor(packageName: string, driver: string, options?: StowageErrorOptions) {
    super(
      `Driver "${driver}" needs the package ${packageName}: run \`pnpm add ${packageName}\` (or npm install)`,
      {
        ...options,
        context: { packageName, driver },
      },
    );
    this.packageName = packageName;
  }
}

/** A backend that is down or timed out. Retryable. */
export class UnavailableError extends StowageError {
  static override readonly code = 'UNAVAILABLE' as const;
  readonly code = 'UNAVAILABLE' as const;
  override readonly retryable = true;
  static backend(backend: string, reason: string, options?: StowageErrorOptions): UnavailableError {
    return new UnavailableError(`${backend} is unavailable: ${reason}`, {
      ...options,
      context: { ...options?.context, backend },
    });
  }
}

/**
 * A backend fault that retrying will not fix: permission denied, a read-only file system,
 * damaged stored data. Not retryable, unlike UnavailableError.
 */
export class BackendError extends StowageError {
  static override readonly code = 'BACKEND' as const;
  readonly code = 'BACKEND' as const;
  static because(backend: string, reason: string, options?: StowageErrorOptions): BackendError {
    return new BackendError(`${backend} failed: ${reason}`, {
      ...options,
      context: { ...options?.context, backend },
    });
  }
}

export class InvalidKeyError extends StowageError {
  static override readonly code = 'INVALID_KEY' as const;
  readonly code = 'INVALID_KEY' as const;
  readonly reason: string;
  constructor(key: string, reason: string, options?: StowageErrorOptions) {
    // Control characters are escaped by JSON.stringify; very long keys are cut for readability.
    const shown = key.length > 80 ? `${key.slice(0, 80)}…` : key;
    super(`Invalid key ${JSON.stringify(shown)}: ${reason}`, { ...options, context: { reason } });
    this.reason = reason;
  }
}

export class SerializationError extends StowageError {
  static override readonly code = 'SERIALIZATION' as const;
  readonly code = 'SERIALIZATION' as const;
  static cannotSerialize(key: string, reason: string, options?: StowageErrorOptions) {
    return new SerializationError(
      `Cannot serialize the value for cache key ${JSON.stringify(key)}: ${reason}`,
      {
        ...options,
        context: { key },
      },
    );
  }
}

/** A write precondition (such as create-only) did not hold. */
export class PreconditionFailedError extends StowageError {
  static override readonly code = 'PRECONDITION_FAILED' as const;
  readonly code = 'PRECONDITION_FAILED' as const;
  static alreadyExists(key: string, options?: StowageErrorOptions) {
    return new PreconditionFailedError(`An object already exists at key ${JSON.stringify(key)}`, {
      ...options,
      context: { key },
    });
  }
}

export class NotSupportedError extends StowageError {
  static override readonly code = 'NOT_SUPPORTED' as const;
  readonly code = 'NOT_SUPPORTED' as const;
  static operation(backend: string, operation: string, hint?: string) {
    return new NotSupportedError(`${backend} does not support ${operation}${hint ? `: ${hint}` : ''}`, {
      context: { backend, operation },
    });
  }
}

/** A transaction's `tx` was used after its callback returned or threw. */
export class TransactionEndedError extends StowageError {
  static override readonly code = 'TRANSACTION_ENDED' as const;
  readonly code = 'TRANSACTION_ENDED' as const;
  static use(operation: string) {
    return new TransactionEndedError(
      `tx.${operation}() was called after its transaction ended; use tx only inside the transaction callback`,
      { context: { operation } },
    );
  }
}

/** Stored bytes are not what was written: a checksum or a verification did not match. */
export class IntegrityError extends StowageError {
  static override readonly code = 'INTEGRITY' as const;
  readonly code = 'INTEGRITY' as const;
  static checksum(what: string, expected: string, actual: string, options?: StowageErrorOptions) {
    return new IntegrityError(
      `${what} is corrupt or truncated: its SHA-256 is ${actual}, the manifest says ${expected}`,
      { ...options, context: { ...options?.context, expected, actual } },
    );
  }
}

/** An operation stopped because the caller's AbortSignal fired; the signal's reason is the cause. */
export class AbortedError extends StowageError {
  static override readonly code = 'ABORTED' as const;
  readonly code = 'ABORTED' as const;
  static put(key: string, reason: unknown) {
    return new AbortedError(`The put of key ${JSON.stringify(key)} was aborted`, {
      cause: reason,
      context: { key },
    });
  }
}
