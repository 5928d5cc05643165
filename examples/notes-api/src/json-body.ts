// Reads a request body that must be a JSON object; noteFields keeps only the fields a client may
// set: id, version, timestamps and attachmentKey belong to the app (tags have a route of their
// own). Refused before anything is stored: a content type other than JSON (415: an HTML form
// cannot send JSON, so no cross-site form posts a note), a body over JSON_MAX_BYTES (413, unread
// past the limit), bytes that are not UTF-8 JSON (400), and strings with a lone surrogate (400: no
// database stores one as it came).
import type { Context } from 'hono';
import { ApiError } from './api-error.ts';
import { readLimited } from './limited-body.ts';

/** application/json or a +json type, in UTF-8 (the only charset JSON allows, RFC 8259). */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type = '', ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (!/^application\/(?:[a-z0-9.!#$&^_-]+\+)?json$/.test(type)) return false;
  return params.every((param) => !param.startsWith('charset=') || /^charset="?utf-8"?$/.test(param));
}

const malformed = () => new ApiError(400, 'MALFORMED_JSON', 'The request body is not valid UTF-8 JSON');

/** The request body as a JSON object; `shape` names the fields in the 400 when it is not one. */
export async function jsonObject(
  c: Context,
  maxBytes: number,
  shape: string,
): Promise<Record<string, unknown>> {
  if (!isJsonContentType(c.req.header('content-type'))) {
    throw new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the body as JSON with content-type: application/json',
    );
  }
  const bytes = await readLimited(c.req.raw, maxBytes, 'JSON_MAX_BYTES');
  let input: unknown;
  try {
    input = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw malformed();
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ApiError(400, 'VALIDATION', `The request body must be a JSON object ${shape}`);
  }
  return input as Record<string, unknown>;
}

export async function noteFields(c: Context, maxBytes: number): Promise<{ title?: unknown; body?: unknown }> {
  const { title, body } = await jsonObject(c, maxBytes, '{title, body}');
  const fields = Object.fromEntries(
    Object.entries({ title, body }).filter(([, value]) => value !== undefined),
  );
  // Lone surrogates and NUL characters are refused by the repository (ValidationError, 400).
  return fields;
}
