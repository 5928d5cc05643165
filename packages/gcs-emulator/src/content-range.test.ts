import { describe, expect, it } from 'vitest';
import { parseContentRange } from './content-range.ts';

describe('parseContentRange', () => {
  it('reads status queries, chunks and streaming ranges', () => {
    expect(parseContentRange('bytes */*')).toEqual({ kind: 'query', total: undefined });
    expect(parseContentRange('bytes */42')).toEqual({ kind: 'query', total: 42 });
    expect(parseContentRange('bytes 0-262143/*')).toEqual({
      kind: 'data',
      start: 0,
      end: 262143,
      total: undefined,
    });
    expect(parseContentRange('bytes 10-19/20')).toEqual({ kind: 'data', start: 10, end: 19, total: 20 });
    expect(parseContentRange('bytes 5-*/*')).toEqual({
      kind: 'data',
      start: 5,
      end: undefined,
      total: undefined,
    });
    expect(parseContentRange('bytes 20-19/20')).toEqual({ kind: 'data', start: 20, end: 19, total: 20 });
    expect(parseContentRange('bytes 0--1/0')).toEqual({ kind: 'data', start: 0, end: -1, total: 0 });
  });

  it('treats a missing header as the whole object in one request', () => {
    expect(parseContentRange(undefined)).toEqual({
      kind: 'data',
      start: 0,
      end: undefined,
      total: undefined,
    });
  });

  it('rejects malformed headers with 400', () => {
    for (const header of ['bytes 1-2', 'items 0-1/2', 'bytes 9-1/10', 'bytes a-b/c']) {
      expect(() => parseContentRange(header)).toThrow(expect.objectContaining({ status: 400 }));
    }
  });
});
