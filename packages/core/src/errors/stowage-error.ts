// The base of every error Stowage throws. Recognised by a registry-wide symbol rather than by
// class identity, so `isStowageError()` and `instanceof` keep working when two copies of
// @stowage/core are installed (an adapter's and the application's).

const BRAND: unique symbol = Symbol.for('@stowage/core/error') as never;

export type StowageErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'NOT_NULL_VIOLATION'
  | 'FOREIGN_KEY_VIOLATION'
  | 'OPTIMISTIC_LOCK'
  | 'VALIDATION'
  | 'CONFIG'
  | 'ADAPTER_NOT_INSTALLED'
  | 'UNAVAILABLE'
  | 'BACKEND'
  | 'INVALID_KEY'
  | 'SERIALIZATION'
  | 'PRECONDITION_FAILED'
  | 'NOT_SUPPORTED'
  | 'TRANSACTION_ENDED'
  | 'INTEGRITY'
  | 'ABORTED';

export interface StowageErrorOptions {
  cause?: unknown;
  /** Extra facts for logs; never secrets. */
  context?: Record<string, unknown>;
}

export abstract class StowageError extends Error {
  /** Subclasses set a stable code; the base class matches any Stowage error. */
  static readonly code: StowageErrorCode | undefined = undefined;

  readonly [BRAND] = true;
  abstract readonly code: StowageErrorCode;
  /** True when the same call may succeed if retried later. */
  readonly retryable: boolean = false;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(message: string, options: StowageErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.context = options.context ?? {};
  }

  /** `x instanceof NotFoundError` compares codes, so it also holds for another copy's class. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (!isStowageError(value)) return false;
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass being tested against.
    return this.code === undefined || value.code === this.code;
  }
}

/** True for any error thrown by any installed copy of @stowage/core, optionally of one code. */
export function isStowageError(value: unknown, code?: StowageErrorCode): value is StowageError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as { [BRAND]?: unknown })[BRAND] !== true) return false;
  return code === undefined || (value as { code?: unknown }).code === code;
}
