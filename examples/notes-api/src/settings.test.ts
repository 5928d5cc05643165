import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { readSettings } from './settings.ts';

describe('readSettings', () => {
  it('defaults to 127.0.0.1:3000, a 10 MiB attachment and 1 MiB JSON limit, 1 s health checks without details', () => {
    expect(readSettings({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      attachmentMaxBytes: 10 * 1024 * 1024,
      jsonMaxBytes: 1024 * 1024,
      healthTimeoutMs: 1000,
      healthDetails: false,
    });
    expect(
      readSettings({
        PORT: '8080',
        HOST: '::',
        ATTACHMENT_MAX_BYTES: '5',
        JSON_MAX_BYTES: '64',
        HEALTH_TIMEOUT_MS: '250',
        HEALTH_DETAILS: 'true',
      }),
    ).toEqual({
      port: 8080,
      host: '::',
      attachmentMaxBytes: 5,
      jsonMaxBytes: 64,
      healthTimeoutMs: 250,
      healthDetails: true,
    });
    expect(readSettings({ HOST: 'notes.internal', HEALTH_DETAILS: 'false' })).toMatchObject({
      host: 'notes.internal',
      healthDetails: false,
    });
  });

  it('names the variable when a value is not valid', () => {
    for (const env of [
      { PORT: '70000' },
      { PORT: '3e3' },
      { ATTACHMENT_MAX_BYTES: '10MB' },
      { JSON_MAX_BYTES: '1MiB' },
      { JSON_MAX_BYTES: '0' },
      { JSON_MAX_BYTES: '-1' },
      { HEALTH_TIMEOUT_MS: '0' },
      { HEALTH_DETAILS: 'yes' },
      { HOST: 'http://0.0.0.0' },
      { HOST: '127.0.0.1:3000' },
    ]) {
      let caught: unknown;
      try {
        readSettings(env);
      } catch (error) {
        caught = error;
      }
      expect(isStowageError(caught, 'CONFIG'), JSON.stringify(env)).toBe(true);
      expect((caught as Error).message).toContain(Object.keys(env)[0]);
    }
  });
});
