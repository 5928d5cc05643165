// Checks signedUrl() options before any I/O, the same way for every store that issues URLs.
// Both S3 and GCS V4 signatures are valid for at most seven days.
import type { SignedUrlOptions } from '../../contracts/object-store.ts';
import { ValidationError } from '../../errors/error-classes.ts';
import { headerValue } from './put-options.ts';

export const MAX_SIGNED_URL_SECONDS = 7 * 24 * 60 * 60;

export function resolveSignedUrlOptions(options: SignedUrlOptions): SignedUrlOptions {
  const { method, expiresIn, contentType, responseContentDisposition, responseContentType } =
    options ?? ({} as Partial<SignedUrlOptions>);
  if (method !== 'GET' && method !== 'PUT') {
    throw new ValidationError('method must be "GET" or "PUT"', [
      { path: 'method', message: `expected GET or PUT, got ${String(method)}` },
    ]);
  }
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_SIGNED_URL_SECONDS) {
    throw new ValidationError(
      `expiresIn must be a whole number of seconds from 1 to ${MAX_SIGNED_URL_SECONDS}`,
      [{ path: 'expiresIn', message: `expected 1..${MAX_SIGNED_URL_SECONDS}, got ${String(expiresIn)}` }],
    );
  }
  const resolved: SignedUrlOptions = { method, expiresIn };
  if (contentType !== undefined) {
    if (method !== 'PUT') {
      throw new ValidationError('contentType only applies to PUT URLs', [
        { path: 'contentType', message: 'a GET URL does not bind a content type' },
      ]);
    }
    resolved.contentType = headerValue('contentType', contentType);
  }
  // Response overrides only make sense on a download; a PUT URL answers with no body to describe.
  for (const [name, value] of [
    ['responseContentDisposition', responseContentDisposition],
    ['responseContentType', responseContentType],
  ] as const) {
    if (value === undefined) continue;
    if (method !== 'GET') {
      throw new ValidationError(`${name} only applies to GET URLs`, [
        { path: name, message: 'a PUT URL serves no response body' },
      ]);
    }
    const checked = headerValue(name, value);
    if (checked.trim() === '') {
      throw new ValidationError(`${name} is empty`, [{ path: name, message: 'expected a header value' }]);
    }
    resolved[name] = checked;
  }
  return resolved;
}
