// Reads a request body that must be a JSON object, and keeps only the fields a client may set:
// id, version, timestamps and attachmentKey belong to the app.
import type { Context } from 'hono';
import { ApiError } from './api-error.ts';

export async function noteFields(c: Context): Promise<{ title?: unknown; body?: unknown }> {
  const input: unknown = await c.req.json().catch(() => {
    throw new ApiError(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
  });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ApiError(400, 'VALIDATION', 'The request body must be a JSON object {title, body}');
  }
  const { title, body } = input as Record<string, unknown>;
  return Object.fromEntries(Object.entries({ title, body }).filter(([, value]) => value !== undefined));
}
