import { NotSupportedError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { quoteIdentifier } from './quote-identifier.ts';
import { checkScratchName, scratchName } from './scratch-database.ts';

describe('names that reach SQL', () => {
  it('quotes identifiers with embedded double quotes doubled', () => {
    expect(quoteIdentifier('users')).toBe('"users"');
    expect(quoteIdentifier('x"; drop table y;--')).toBe('"x""; drop table y;--"');
  });

  it('drops only names of the scratch shape', () => {
    const name = scratchName();
    expect(checkScratchName(name)).toBe(name);
    for (const bad of ['app', 'stowage_verify_', `${name}x`, 'stowage_verify_ABCDEF0123456789', `x${name}`]) {
      expect(() => checkScratchName(bad)).toThrow(NotSupportedError);
    }
  });
});
