import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { readSettings } from './settings.ts';

describe('readSettings', () => {
  it('defaults to port 3000 and a 10 MiB attachment limit', () => {
    expect(readSettings({})).toEqual({ port: 3000, attachmentMaxBytes: 10 * 1024 * 1024 });
    expect(readSettings({ PORT: '8080', ATTACHMENT_MAX_BYTES: '5' })).toEqual({
      port: 8080,
      attachmentMaxBytes: 5,
    });
  });

  it('names the variable when a value is not a whole number in range', () => {
    for (const env of [{ PORT: '70000' }, { PORT: '3e3' }, { ATTACHMENT_MAX_BYTES: '10MB' }]) {
      let caught: unknown;
      try {
        readSettings(env);
      } catch (error) {
        caught = error;
      }
      expect(isStowageError(caught, 'CONFIG')).toBe(true);
      expect((caught as Error).message).toContain(Object.keys(env)[0]);
    }
  });
});
