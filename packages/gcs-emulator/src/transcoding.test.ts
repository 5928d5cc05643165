import { describe, expect, it } from 'vitest';
import { acceptsGzip, servesDecompressed } from './transcoding.ts';

describe('decompressive transcoding decisions', () => {
  it('reads Accept-Encoding with q-values and wildcards', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('deflate, GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('*;q=0, br')).toBe(false);
    expect(acceptsGzip('x-gzip')).toBe(true);
  });

  it('transcodes gzip objects unless gzip is accepted or Cache-Control says no-transform', () => {
    expect(servesDecompressed({ contentEncoding: 'gzip' }, undefined)).toBe(true);
    expect(servesDecompressed({ contentEncoding: 'gzip' }, 'gzip')).toBe(false);
    expect(
      servesDecompressed({ contentEncoding: 'gzip', cacheControl: 'public, no-transform' }, undefined),
    ).toBe(false);
    expect(servesDecompressed({ contentEncoding: 'br' }, undefined)).toBe(false);
    expect(servesDecompressed({}, undefined)).toBe(false);
  });
});
