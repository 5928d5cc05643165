import { describe, expect, it, vi } from 'vitest';
import { ConfigError, NotFoundError, UnavailableError, ValidationError } from './error-classes.ts';
import { isStowageError, StowageError } from './stowage-error.ts';

describe('StowageError', () => {
  it('carries a stable code, a cause and a name', () => {
    const cause = new Error('ENOENT');
    const error = NotFoundError.object('a/b.txt', { cause });
    expect(error.code).toBe('NOT_FOUND');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('NotFoundError');
    expect(error.message).toContain('"a/b.txt"');
    expect(error.retryable).toBe(false);
    expect(UnavailableError.backend('redis', 'timeout').retryable).toBe(true);
  });

  it('is recognised by isStowageError, optionally by code, and not for other errors', () => {
    const error = new ConfigError('bad', 'DB_PORT');
    expect(isStowageError(error)).toBe(true);
    expect(isStowageError(error, 'CONFIG')).toBe(true);
    expect(isStowageError(error, 'NOT_FOUND')).toBe(false);
    expect(isStowageError(new Error('plain'))).toBe(false);
    expect(isStowageError({ code: 'CONFIG' })).toBe(false);
    expect(isStowageError(null)).toBe(false);
  });

  it('instanceof matches by code', () => {
    const error = NotFoundError.entity('Note', 7);
    expect(error instanceof NotFoundError).toBe(true);
    expect(error instanceof StowageError).toBe(true);
    expect(error instanceof ConfigError).toBe(false);
    expect(error instanceof Error).toBe(true);
  });

  it('is recognised across two loaded copies of the module', async () => {
    vi.resetModules();
    const copy = await import('./error-classes.ts');
    const copyBase = await import('./stowage-error.ts');
    const foreign = copy.NotFoundError.object('k');
    expect(copy.NotFoundError).not.toBe(NotFoundError);
    expect(isStowageError(foreign, 'NOT_FOUND')).toBe(true);
    expect(foreign instanceof NotFoundError).toBe(true);
    expect(foreign instanceof StowageError).toBe(true);
    expect(copyBase.isStowageError(new ConfigError('x'))).toBe(true);
  });

  it('lists every invalid field in a ValidationError', () => {
    const error = ValidationError.forEntity('Note', [
      { path: 'title', message: 'Required' },
      { path: 'tags.2', message: 'Expected string' },
    ]);
    expect(error.issues.map((i) => i.path)).toEqual(['title', 'tags.2']);
    expect(error.message).toBe('Invalid Note: title: Required; tags.2: Expected string');
  });
});
