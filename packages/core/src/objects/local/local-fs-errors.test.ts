// File-system failures of the local store reach the caller typed, naming the key, with the
// original error as cause. Tests run as root, where permissions stop nothing, so real failures
// are provoked by putting files and directories where the store expects the other kind.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackendError, NotFoundError, UnavailableError } from '../../errors/error-classes.ts';
import { isStowageError } from '../../errors/stowage-error.ts';
import { tagSourceErrors } from '../facade/source-failure.ts';
import { guardLocalFs, guardLocalFsStream, localFsError } from './local-fs-errors.ts';
import { createLocalObjectStore } from './local-fs-object-store.ts';
import { CorruptObjectFileError } from './object-trailer.ts';

function errnoError(code: string, syscall = 'open'): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, ${syscall} '/srv/secret-root/a.dir/b.obj'`), {
    code,
    errno: -1,
    syscall,
    path: '/srv/secret-root/a.dir/b.obj',
  });
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('localFsError', () => {
  it.each([
    ['ENOSPC', 'disk full'],
    ['EDQUOT', 'disk quota exceeded'],
    ['EIO', 'I/O error'],
    ['EMFILE', 'too many open files in this process'],
    ['ENFILE', 'too many open files in the system'],
    ['EBUSY', 'file or directory busy'],
  ])('maps the transient %s to a retryable UNAVAILABLE naming the key, not the path', (code, explanation) => {
    const cause = errnoError(code);
    const error = localFsError(cause, 'put', '"a/b"');
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
      cause,
      context: { backend: 'local-fs', errno: code },
    });
    expect(error.message).toBe(`local-fs is unavailable: put of "a/b": ${code} ${explanation}`);
    expect(error.message).not.toContain('secret-root');
    expect((error.cause as NodeJS.ErrnoException).code).toBe(code);
  });

  it.each([
    ['EACCES', 'permission denied'],
    ['EPERM', 'operation not permitted'],
    ['EROFS', 'read-only file system'],
    ['EWEIRD', 'unexpected file-system error'],
  ])('maps %s, which a retry will not fix, to a non-retryable BACKEND error', (code, explanation) => {
    const cause = errnoError(code);
    const error = localFsError(cause, 'put', '"a/b"');
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({
      code: 'BACKEND',
      retryable: false,
      cause,
      context: { backend: 'local-fs', errno: code },
    });
    expect(error.message).toBe(`local-fs failed: put of "a/b": ${code} ${explanation}`);
    expect(error.message).not.toContain('secret-root');
    expect((error.cause as NodeJS.ErrnoException).code).toBe(code);
  });

  it('passes Stowage errors through and reports damaged files and unknown throws', () => {
    const notFound = NotFoundError.object('k');
    expect(localFsError(notFound, 'get', '"k"')).toBe(notFound);
    const corrupt = new CorruptObjectFileError('/srv/secret-root/k.obj', 'no trailer');
    expect(localFsError(corrupt, 'stat', '"k"')).toMatchObject({
      code: 'BACKEND',
      message: 'local-fs failed: stat of "k": not a complete Stowage object file (no trailer)',
      cause: corrupt,
    });
    const odd = localFsError('a string', 'list', 'prefix ""');
    expect(odd).toMatchObject({ code: 'BACKEND', cause: 'a string' });
    expect(odd.message).toContain('unexpected error');
  });

  it('guardLocalFs rethrows errors of the caller’s body unchanged, even errno-like ones', async () => {
    const sourceError = errnoError('EIO', 'read');
    async function* body() {
      yield Buffer.from('partial');
      throw sourceError;
    }
    const error = await rejectionOf(
      guardLocalFs('put', '"k"', async () => {
        for await (const _ of tagSourceErrors(body()));
      }),
    );
    expect(error).toBe(sourceError);
  });

  it('guardLocalFsStream maps read errors and destroys the file stream with it', async () => {
    const cause = errnoError('EIO', 'read');
    const failing = new Readable({ read() {} });
    failing.push(Buffer.from('first'));
    const guarded = guardLocalFsStream(failing, 'get', '"k"');
    const chunks: Buffer[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const chunk of guarded) {
          chunks.push(chunk as Buffer);
          failing.destroy(cause);
        }
      })(),
    );
    expect(Buffer.concat(chunks).toString()).toBe('first');
    expect(error).toMatchObject({ code: 'UNAVAILABLE', cause });
    expect((error as Error).message).toBe('local-fs is unavailable: get of "k": EIO I/O error');

    const unread = new Readable({ read() {} });
    guardLocalFsStream(unread, 'get', '"k"').destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(unread.destroyed).toBe(true);
  });
});

describe('createLocalObjectStore on a broken file system', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'stowage-local-errors-'));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('fails a put under a root that is a file with BACKEND and the ENOTDIR cause', async () => {
    const root = path.join(base, 'not-a-dir');
    await writeFile(root, 'a file');
    const store = createLocalObjectStore({ root });
    const error = await rejectionOf(store.put('a/b', 'data'));
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'BACKEND', retryable: false });
    expect((error as Error).message).toBe(
      'local-fs failed: put of "a/b": ENOTDIR a path in the store is not a directory',
    );
    expect((error as Error).message).not.toContain(base);
    const cause = (error as Error).cause as NodeJS.ErrnoException;
    expect(cause).toBeInstanceOf(Error);
    expect(isStowageError(cause)).toBe(false);
    expect(cause.code).toBe('ENOTDIR');
    expect(await store.exists('a/b')).toBe(false);
    await store.close();
  });

  it('fails a put whose staging folder was replaced by a file, keeping the old object', async () => {
    const root = path.join(base, 'store');
    const store = createLocalObjectStore({ root });
    await store.put('kept', 'old');
    await rm(path.join(root, '.tmp'), { recursive: true });
    await writeFile(path.join(root, '.tmp'), 'in the way');

    for (const [key, options] of [
      ['kept', {}],
      ['fresh', {}],
      ['fresh', { ifNotExists: true }],
    ] as const) {
      const error = await rejectionOf(store.put(key, 'new', options));
      expect(error).toMatchObject({ code: 'BACKEND' });
      expect((error as Error).message).toMatch(new RegExp(`^local-fs failed: put of "${key}": EEXIST`));
      expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('EEXIST');
    }
    expect((await store.getBytes('kept')).toString()).toBe('old');
    expect(await store.exists('fresh')).toBe(false);
    // Expected failures keep their own types.
    await expect(store.put('kept', 'new', { ifNotExists: true })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    await expect(store.stat('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('maps failures on an object path that is a directory for reads, deletes, copies and listings', async () => {
    const root = path.join(base, 'store');
    const store = createLocalObjectStore({ root });
    await store.put('ok', 'fine');
    await mkdir(path.join(root, 'd.dir', 'x.obj'), { recursive: true });

    const checks: [string, () => Promise<unknown>][] = [
      ['stat of "d/x": EISDIR', () => store.stat('d/x')],
      ['get of "d/x": EISDIR', () => store.get('d/x')],
      ['delete of "d/x": EISDIR', () => store.delete('d/x')],
      ['delete of "d/x": EISDIR', () => store.deleteMany(['ok', 'd/x'])],
      ['copy of "d/x" to "y": EISDIR', () => store.copy('d/x', 'y')],
    ];
    for (const [message, run] of checks) {
      const error = await rejectionOf(run());
      expect(error).toMatchObject({ code: 'BACKEND' });
      expect((error as Error).message).toContain(message);
      expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('EISDIR');
    }
    // Listings skip directories named like object files, so they do not fail.
    expect((await store.list()).objects.map((o) => o.key)).toEqual([]);
    expect(await store.exists('y')).toBe(false);
  });

  it('reports a damaged object file as BACKEND naming the key', async () => {
    const root = path.join(base, 'store');
    const store = createLocalObjectStore({ root });
    await mkdir(root, { recursive: true });
    await writeFile(path.join(root, 'bad.obj'), 'no trailer here');
    for (const run of [() => store.stat('bad'), () => store.list()]) {
      const error = await rejectionOf(run());
      expect(error).toMatchObject({ code: 'BACKEND' });
      expect((error as Error).message).toMatch(
        /of "bad": not a complete Stowage object file \(no trailer\)$/,
      );
      expect((error as Error).cause).toBeInstanceOf(CorruptObjectFileError);
    }
  });

  it('rejects an invalid staleTempAfterMs with VALIDATION', () => {
    expect(() => createLocalObjectStore({ root: base, staleTempAfterMs: -1 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION' }),
    );
    expect(() => createLocalObjectStore({ root: base, staleTempAfterMs: Number.NaN })).toThrow(
      /staleTempAfterMs/,
    );
  });
});
