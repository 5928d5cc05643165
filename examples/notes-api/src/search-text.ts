// The `q` of GET /notes/search, and the repository's refusals of it said in the API's terms. The
// text itself (its syntax, length and characters) is the repository's to check: search() parses
// it before any SQL is sent, and any text it accepts is only words, never SQL or index syntax.
import { isStowageError, ValidationError, type ValidationIssue } from '@stowage/core';

const refuse = (issues: readonly ValidationIssue[]) =>
  new ValidationError(`Invalid search: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);

/** `q` as sent; a missing one is a ValidationError (path `q`). An empty `q` finds nothing (200). */
export function searchText(raw: string | undefined): string {
  if (raw === undefined) throw refuse([{ path: 'q', message: 'is required, e.g. ?q=meeting notes' }]);
  return raw;
}

/**
 * A ValidationError of repository.search() about its `text` (too long, too many terms, NUL) as
 * one about `q`, so the 400's issues name the query parameter the client sent; any other error
 * is returned as it was.
 */
export function asQueryError(error: unknown): unknown {
  if (!isStowageError(error, 'VALIDATION')) return error;
  const { issues = [] } = error as Partial<ValidationError>;
  return refuse(issues.map((issue) => (issue.path === 'text' ? { ...issue, path: 'q' } : issue)));
}
