// Every 4xx/5xx body is `{ error: { code, message } }`; this maps Stowage's typed errors (and the
// app's own ApiError) onto a status, so route handlers just throw.
import { isStowageError, type Logger, ValidationError } from '@stowage/core';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A refusal the app decides itself (bad JSON, bad name, too large). */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  constructor(status: ContentfulStatusCode, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

const STATUS_OF: Record<string, ContentfulStatusCode> = {
  VALIDATION: 400,
  INVALID_KEY: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  OPTIMISTIC_LOCK: 409,
  UNAVAILABLE: 503,
};

export function errorResponse(c: Context, error: unknown, logger: Logger): Response {
  if (error instanceof ApiError) {
    return c.json({ error: { code: error.code, message: error.message } }, error.status);
  }
  if (isStowageError(error) && STATUS_OF[error.code]) {
    const body: { code: string; message: string; issues?: unknown } = {
      code: error.code,
      message: error.message,
    };
    if (error instanceof ValidationError) body.issues = error.issues;
    return c.json({ error: body }, STATUS_OF[error.code]);
  }
  // Anything else is a bug or a backend fault: logged in full, not shown to the client.
  logger.error(`${c.req.method} ${c.req.path} failed`, { error });
  return c.json({ error: { code: 'INTERNAL', message: 'Internal server error' } }, 500);
}
