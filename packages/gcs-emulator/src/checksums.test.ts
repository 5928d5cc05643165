import { describe, expect, it } from 'vitest';
import { checksumsOf, crc32cToBase64 } from './checksums.ts';
import { objectEtag } from './etag.ts';
import { globToRegExp } from './match-glob.ts';
import { compareUtf8 } from './utf8-order.ts';

describe('checksums', () => {
  it('matches the published CRC32C check value and the MD5 of a known string', () => {
    // CRC32C("123456789") = 0xE3069283, the standard check value.
    expect(checksumsOf(Buffer.from('123456789')).crc32c).toBe(crc32cToBase64(0xe3069283));
    expect(checksumsOf(Buffer.from('')).md5Hash).toBe('1B2M2Y8AsgTpgAmY7PhCfg==');
  });
});

describe('objectEtag', () => {
  it('encodes generation and metageneration like the real service', () => {
    // Protobuf {1: 1, 2: 1} = 08 01 10 01.
    expect(objectEtag(1, 1)).toBe(Buffer.from([0x08, 0x01, 0x10, 0x01]).toString('base64'));
    expect(objectEtag(1_700_000_000_000_000, 2)).not.toBe(objectEtag(1_700_000_000_000_000, 3));
  });
});

describe('compareUtf8', () => {
  it('orders astral characters after the end of the BMP, like UTF-8 bytes', () => {
    const sample = ['\u{ffff}', '\u{10000}', 'a', '\u{e000}', 'é'];
    const bytes = [...sample].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...sample].sort(compareUtf8)).toEqual(bytes);
  });
});

describe('globToRegExp', () => {
  it('supports **, *, ?, classes and alternatives', () => {
    expect(globToRegExp('a/**/z').test('a/b/c/z')).toBe(true);
    expect(globToRegExp('a/**/z').test('a/z')).toBe(true);
    expect(globToRegExp('a/*').test('a/b/c')).toBe(false);
    expect(globToRegExp('file?.txt').test('file1.txt')).toBe(true);
    expect(globToRegExp('[!x]y').test('xy')).toBe(false);
    expect(globToRegExp('*.{png,jpg}').test('cat.jpg')).toBe(true);
    expect(globToRegExp('a.b').test('aXb')).toBe(false);
  });
});
