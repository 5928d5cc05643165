import { describe, expect, it } from 'vitest';
import { isStowageError } from '../../errors/stowage-error.ts';
import { MAX_SIGNED_URL_SECONDS, resolveSignedUrlOptions } from './signed-url-options.ts';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isStowageError(error) ? error.code : 'not a StowageError';
  }
  return undefined;
}

describe('resolveSignedUrlOptions', () => {
  it('accepts GET and PUT with a whole number of seconds up to seven days', () => {
    expect(resolveSignedUrlOptions({ method: 'GET', expiresIn: 60 })).toEqual({
      method: 'GET',
      expiresIn: 60,
    });
    expect(
      resolveSignedUrlOptions({ method: 'PUT', expiresIn: MAX_SIGNED_URL_SECONDS, contentType: 'image/png' }),
    ).toEqual({ method: 'PUT', expiresIn: MAX_SIGNED_URL_SECONDS, contentType: 'image/png' });
  });

  it.each([0, -1, 1.5, MAX_SIGNED_URL_SECONDS + 1, Number.NaN])(
    'rejects expiresIn %s with VALIDATION',
    (expiresIn) => {
      expect(codeOf(() => resolveSignedUrlOptions({ method: 'GET', expiresIn }))).toBe('VALIDATION');
    },
  );

  it('rejects other methods, a content type on GET and a content type with a control character', () => {
    expect(codeOf(() => resolveSignedUrlOptions({ method: 'DELETE' as 'GET', expiresIn: 60 }))).toBe(
      'VALIDATION',
    );
    expect(
      codeOf(() => resolveSignedUrlOptions({ method: 'GET', expiresIn: 60, contentType: 'text/plain' })),
    ).toBe('VALIDATION');
    expect(
      codeOf(() =>
        resolveSignedUrlOptions({ method: 'PUT', expiresIn: 60, contentType: 'text/plain\r\nx: y' }),
      ),
    ).toBe('VALIDATION');
  });
});

describe('resolveSignedUrlOptions response overrides', () => {
  const disposition = 'attachment; filename="a.txt"';

  it('keeps responseContentDisposition and responseContentType on GET', () => {
    expect(
      resolveSignedUrlOptions({
        method: 'GET',
        expiresIn: 60,
        responseContentDisposition: disposition,
        responseContentType: 'application/octet-stream',
      }),
    ).toEqual({
      method: 'GET',
      expiresIn: 60,
      responseContentDisposition: disposition,
      responseContentType: 'application/octet-stream',
    });
  });

  it.each(['responseContentDisposition', 'responseContentType'] as const)(
    'rejects %s on PUT, with a control character, empty or not a string',
    (name) => {
      const code = (method: 'GET' | 'PUT', value: unknown) =>
        codeOf(() => resolveSignedUrlOptions({ method, expiresIn: 60, [name]: value }));
      expect(code('PUT', 'attachment')).toBe('VALIDATION');
      for (const bad of ['attachment\r\nSet-Cookie: a=b', 'a\u0000b', 'a\u007fb', ' ', 42]) {
        expect(code('GET', bad)).toBe('VALIDATION');
      }
    },
  );
});
