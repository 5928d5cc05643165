import type { z } from 'zod';
import type { ValidationIssue } from '../errors/error-classes.ts';

/** Turns zod issues into Stowage's `{ path, message }` list, with dotted paths. */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
