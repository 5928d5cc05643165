import { describe, expect, it } from 'vitest';
import { attributeHeaders, infoFromHeaders } from './object-headers.ts';

describe('infoFromHeaders', () => {
  it('reads attributes, user metadata, the stored MD5 and the size of a ranged answer', () => {
    const headers = attributeHeaders(
      { contentType: 'text/plain', cacheControl: 'no-store', metadata: { a: 'ü', 'content-type': 'x' } },
      '0123456789abcdef0123456789abcdef',
    );
    const info = infoFromHeaders('k', {
      ...headers,
      etag: '"abc-3"',
      'content-length': '10',
      'content-range': 'bytes 0-9/1234',
      'last-modified': 'Sat, 28 Nov 2026 04:39:02 GMT',
    });
    expect(info).toEqual({
      key: 'k',
      size: 1234,
      contentType: 'text/plain',
      cacheControl: 'no-store',
      metadata: { a: 'ü', 'content-type': 'x' },
      etag: 'abc-3',
      lastModified: new Date('2026-11-28T04:39:02Z'),
      checksums: { md5: '0123456789abcdef0123456789abcdef' },
    });
  });

  it('takes a single-part ETag as the MD5, never a multipart one', () => {
    expect(infoFromHeaders('k', { etag: '"9dd4e461268c8034f5c8564e155c67a6"' }).checksums).toEqual({
      md5: '9dd4e461268c8034f5c8564e155c67a6',
    });
    expect(infoFromHeaders('k', { etag: '"9dd4e461268c8034f5c8564e155c67a6-2"' }).checksums).toEqual({});
  });
});
