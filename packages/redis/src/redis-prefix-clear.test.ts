import { describe, expect, it } from 'vitest';
import { escapeGlob } from './redis-prefix-clear.ts';

describe('escapeGlob', () => {
  it('escapes every character SCAN MATCH treats as a pattern', () => {
    expect(escapeGlob('app:users')).toBe('app:users');
    expect(escapeGlob('a*b?c[d]e\\f')).toBe('a\\*b\\?c\\[d\\]e\\\\f');
  });
});
