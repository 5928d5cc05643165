import { BackendError, ConfigError, NotFoundError, UnavailableError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { redactPassword } from './redact-password.ts';
import { toolError } from './tool-error.ts';

const password = 'p@ss w0rd!';
const context = { doing: 'pg_dump of app', password };

describe('redactPassword', () => {
  it('masks the password as is and URL-encoded, and URL credentials', () => {
    const text = `failed: password "${password}" / ${encodeURIComponent(password)} at postgres://u:other@h/db`;
    const redacted = redactPassword(text, password);
    expect(redacted).not.toContain(password);
    expect(redacted).not.toContain(encodeURIComponent(password));
    expect(redacted).not.toContain('other');
    expect(redacted).toContain('***');
  });

  it('leaves text alone without a password', () => {
    expect(redactPassword('plain text', undefined)).toBe('plain text');
  });
});

describe('toolError', () => {
  it('maps a refused connection in stderr to UnavailableError, password masked', () => {
    const stderr = `pg_dump: error: connection to server at "127.0.0.1", port 1 failed: Connection refused (password=${password})`;
    const error = toolError(stderr, context);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).not.toContain(password);
    expect(error.message).toContain('Connection refused');
  });

  it('maps refused credentials to a ConfigError naming DB_PASSWORD', () => {
    const error = toolError('FATAL:  password authentication failed for user "app"', context);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('DB_PASSWORD');
  });

  it('maps a missing database to NotFoundError naming it', () => {
    const error = toolError('FATAL:  database "nope" does not exist', {
      ...context,
      outcome: 'nothing restored',
    });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.context).toMatchObject({ database: 'nope' });
    expect(error.message).toContain('"nope"');
    expect(error.message).toContain('nothing restored');
  });

  it('masks the password in the message and in the kept driver error', () => {
    const driverError = Object.assign(new Error(`syntax error near ${password}`), { code: '42601' });
    const error = toolError(driverError, context);
    expect(error).toBeInstanceOf(BackendError);
    expect(error.message).not.toContain(password);
    expect((error.cause as Error).message).not.toContain(password);
    expect((error.cause as Error).stack).not.toContain(password);
    expect((error.cause as { code: string }).code).toBe('42601');
  });

  it('maps socket codes of the pg driver to UnavailableError', () => {
    const error = toolError(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      context,
    );
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.retryable).toBe(true);
  });
});
