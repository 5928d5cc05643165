// The `stowage` exit codes, one per kind of outcome a script may want to branch on.
import { isStowageError, type StowageErrorCode } from '@stowage/core';
import { UsageError } from './usage-error.ts';

export const EXIT = {
  ok: 0,
  /** An unexpected failure (a bug, or a backend error with no better code). */
  failure: 1,
  /** Unknown command or flag, missing or bad argument. */
  usage: 2,
  /** Bad configuration or environment variable, or a package to install. */
  config: 3,
  /** A backend is down or refused the connection. */
  unavailable: 4,
  /** What was asked for does not exist (a backup id, a migration). */
  notFound: 5,
  /** A checksum or a verification did not match. */
  integrity: 6,
  /** Refused to act: a restore target that is not empty, without --force. */
  refused: 7,
  /** `doctor` found a problem. */
  unhealthy: 8,
} as const;

const BY_CODE: Partial<Record<StowageErrorCode, number>> = {
  CONFIG: EXIT.config,
  ADAPTER_NOT_INSTALLED: EXIT.config,
  VALIDATION: EXIT.usage,
  UNAVAILABLE: EXIT.unavailable,
  NOT_FOUND: EXIT.notFound,
  INTEGRITY: EXIT.integrity,
  PRECONDITION_FAILED: EXIT.refused,
};

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  return isStowageError(error) ? (BY_CODE[error.code] ?? EXIT.failure) : EXIT.failure;
}
