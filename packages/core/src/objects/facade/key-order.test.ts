import { describe, expect, it } from 'vitest';
import { compareKeys } from './key-order.ts';

const sign = (n: number) => Math.sign(n);
const byteCompare = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('compareKeys', () => {
  it('orders characters above U+FFFF after U+E000–U+FFFF, unlike JS string order', () => {
    const bmpHigh = '\uff61'; // U+FF61, three bytes of UTF-8
    const emoji = '😀'; // U+1F600, a surrogate pair in UTF-16, four bytes of UTF-8
    expect(emoji < bmpHigh).toBe(true); // JS order
    expect(compareKeys(bmpHigh, emoji)).toBeLessThan(0);
    expect(byteCompare(bmpHigh, emoji)).toBeLessThan(0);
  });

  it('puts a prefix before its extensions', () => {
    expect(compareKeys('a', 'a/b')).toBeLessThan(0);
    expect(compareKeys('a/b', 'a')).toBeGreaterThan(0);
    expect(compareKeys('same', 'same')).toBe(0);
  });

  it('agrees with Buffer.compare on random well-formed strings', () => {
    const alphabet = [
      'a',
      'B',
      '/',
      '-',
      '~',
      'é',
      '\u00ff',
      '\u0800',
      '\ud7ff',
      '\ue000',
      '\uffff',
      '😀',
      '𐀀',
      '名',
    ];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const word = () =>
      Array.from(
        { length: Math.floor(random() * 6) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
    for (let i = 0; i < 5000; i++) {
      const a = word();
      const b = random() < 0.2 ? a + word() : word();
      expect(sign(compareKeys(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(
        sign(byteCompare(a, b)),
      );
    }
  });
});
