// The facade on its own, over a backend that records every call: bad input is refused with the
// typed error the stores gave before the facade existed, and never reaches the backend; backend
// failures are mapped once by its hook, typed errors and the caller's body errors pass unchanged;
// the operations a backend may leave out are built on the others.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ListPage, ObjectInfo } from '../../contracts/object-store.ts';
import { BackendError, NotFoundError } from '../../errors/error-classes.ts';
import { isStowageError, type StowageErrorCode } from '../../errors/stowage-error.ts';
import type { ListRequest } from './list-request.ts';
import type { ObjectCallSite, ObjectStoreBackend } from './object-store-backend.ts';
import { objectStoreOver } from './object-store-over.ts';
import { SourceFailure } from './source-failure.ts';

type Call = [method: string, ...args: unknown[]];

function infoOf(key: string): ObjectInfo {
  return { key, size: 1, contentType: 'text/plain', metadata: {}, lastModified: new Date(0), checksums: {} };
}

interface Recording {
  backend: ObjectStoreBackend;
  calls: Call[];
  mapped: [error: unknown, site: ObjectCallSite][];
}

/**
 * A backend whose every method records its call and answers from `answers` (a function of the
 * arguments, which may throw), else with a plain default. `omit` leaves optional methods out.
 */
function recordingBackend(
  answers: Partial<Record<keyof ObjectStoreBackend, (...args: never[]) => unknown>> = {},
  omit: readonly (keyof ObjectStoreBackend)[] = [],
): Recording {
  const calls: Call[] = [];
  const mapped: Recording['mapped'] = [];
  const defaults: Record<string, (...args: never[]) => unknown> = {
    put: (key: string) => infoOf(key),
    get: (key: string) => ({ info: infoOf(key), body: Readable.from([Buffer.from('x')]) }),
    getBytes: () => Buffer.from('x'),
    stat: (key: string) => infoOf(key),
    exists: () => true,
    list: (): ListPage => ({ objects: [], prefixes: [] }),
    delete: () => true,
    deleteMany: () => undefined,
    deletePrefix: () => 0,
    copy: (_from: string, to: string) => infoOf(to),
    move: (_from: string, to: string) => infoOf(to),
    signedUrl: () => 'https://signed.example/',
    close: () => undefined,
  };
  const backend: Record<string, unknown> = {
    name: 'recording',
    mapError(error: unknown, site: ObjectCallSite) {
      mapped.push([error, site]);
      return BackendError.because('recording', `mapped ${site.operation}`, { cause: error });
    },
  };
  for (const [method, fallback] of Object.entries(defaults)) {
    if (omit.includes(method as keyof ObjectStoreBackend)) continue;
    const answer = (answers[method as keyof ObjectStoreBackend] ?? fallback) as (
      ...args: unknown[]
    ) => unknown;
    backend[method] = async (...args: unknown[]) => {
      calls.push([method, ...args]);
      return answer(...args);
    };
  }
  return { backend: backend as unknown as ObjectStoreBackend, calls, mapped };
}

function expectCode(promise: Promise<unknown>, code: StowageErrorCode): Promise<void> {
  return expect(promise).rejects.toSatisfy((error) => isStowageError(error, code), `a ${code} error`);
}

/** A body that records whether anyone started reading it. */
function watchedBody(): { body: AsyncIterable<Buffer>; wasRead: () => boolean } {
  let read = false;
  return {
    body: (async function* () {
      read = true;
      yield Buffer.from('x');
    })(),
    wasRead: () => read,
  };
}

describe('objectStoreOver: bad input never reaches the backend', () => {
  const bad = 'a/../b';

  it.each([
    ['put with an invalid key', (s) => s.put(bad, 'x'), 'INVALID_KEY'],
    ['put with a key that is not a string', (s) => s.put(7 as never, 'x'), 'INVALID_KEY'],
    ['put with a body that is none', (s) => s.put('k', 42 as never), 'VALIDATION'],
    ['put with bad metadata', (s) => s.put('k', 'x', { metadata: { Upper: 'x' } }), 'VALIDATION'],
    ['put with an empty content type', (s) => s.put('k', 'x', { contentType: '' }), 'VALIDATION'],
    ['put with an aborted signal', (s) => s.put('k', 'x', { signal: AbortSignal.abort() }), 'ABORTED'],
    ['get with an invalid key', (s) => s.get(bad), 'INVALID_KEY'],
    ['get with a negative start', (s) => s.get('k', { range: { start: -1 } }), 'VALIDATION'],
    ['get with start after end', (s) => s.get('k', { range: { start: 5, end: 4 } }), 'VALIDATION'],
    ['getBytes with a fractional start', (s) => s.getBytes('k', { range: { start: 1.5 } }), 'VALIDATION'],
    ['getBytes with an invalid key', (s) => s.getBytes(''), 'INVALID_KEY'],
    ['stat with an invalid key', (s) => s.stat('/abs'), 'INVALID_KEY'],
    ['exists with an invalid key', (s) => s.exists('a//b'), 'INVALID_KEY'],
    ['delete with an invalid key', (s) => s.delete('dir/'), 'INVALID_KEY'],
    ['deleteMany with one invalid key among valid ones', (s) => s.deleteMany(['ok', bad]), 'INVALID_KEY'],
    ['copy from an invalid key', (s) => s.copy(bad, 'ok'), 'INVALID_KEY'],
    ['copy to an invalid key', (s) => s.copy('ok', bad), 'INVALID_KEY'],
    ['move to an invalid key', (s) => s.move('ok', bad), 'INVALID_KEY'],
    ['list with an invalid prefix', (s) => s.list({ prefix: '../' }), 'INVALID_KEY'],
    ['list with a page size of 0', (s) => s.list({ pageSize: 0 }), 'VALIDATION'],
    ['list with a hand-made cursor', (s) => s.list({ cursor: 'not a cursor' }), 'VALIDATION'],
    ['deletePrefix("")', (s) => s.deletePrefix(''), 'INVALID_KEY'],
    ['deletePrefix with an invalid prefix', (s) => s.deletePrefix('a//'), 'INVALID_KEY'],
    [
      'signedUrl with an invalid key',
      (s) => s.signedUrl(bad, { method: 'GET', expiresIn: 60 }),
      'INVALID_KEY',
    ],
    ['signedUrl expiring at once', (s) => s.signedUrl('k', { method: 'GET', expiresIn: 0 }), 'VALIDATION'],
  ] satisfies [string, (store: ReturnType<typeof objectStoreOver>) => Promise<unknown>, StowageErrorCode][])(
    '%s',
    async (_, act, code) => {
      const { backend, calls, mapped } = recordingBackend();
      await expectCode(act(objectStoreOver(backend)), code);
      expect(calls).toEqual([]);
      expect(mapped).toEqual([]);
    },
  );

  it('listAll checks its options when iteration starts, before any list call', async () => {
    const { backend, calls } = recordingBackend();
    const pages = objectStoreOver(backend).listAll({ prefix: '/abs' });
    await expectCode(pages[Symbol.asyncIterator]().next(), 'INVALID_KEY');
    expect(calls).toEqual([]);
  });

  it('checks in the stores’ order: key, then body, then options, then the signal', async () => {
    const { backend, calls } = recordingBackend();
    const store = objectStoreOver(backend);
    const watched = watchedBody();
    const aborted = AbortSignal.abort();
    await expectCode(store.put(bad, 42 as never, { contentType: '' }), 'INVALID_KEY');
    await expect(store.put('k', 42 as never, { contentType: '' })).rejects.toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'body' }],
    });
    await expectCode(store.put('k', watched.body, { contentType: '', signal: aborted }), 'VALIDATION');
    await expectCode(store.put('k', watched.body, { signal: aborted }), 'ABORTED');
    expect(watched.wasRead()).toBe(false);
    expect(calls).toEqual([]);
  });

  it('refuses signed URLs of a backend without them before looking at the options', async () => {
    const { backend, calls } = recordingBackend({}, ['signedUrl']);
    const store = objectStoreOver(backend);
    await expectCode(store.signedUrl('k', { method: 'GET', expiresIn: 0 }), 'NOT_SUPPORTED');
    await expectCode(store.signedUrl(bad, { method: 'GET', expiresIn: 60 }), 'INVALID_KEY');
    expect(calls).toEqual([]);
  });
});

describe('objectStoreOver: what the backend receives', () => {
  it('resolved put options, a shape-checked range, a resolved list request, resolved URL options', async () => {
    const { backend, calls } = recordingBackend();
    const store = objectStoreOver(backend);
    await store.put('k', 'body', { metadata: { a: '1' } });
    await store.get('k', { range: { start: 2 } });
    await store.list({ prefix: 'p/', delimiter: '/', pageSize: 10 });
    await store.signedUrl('k', { method: 'PUT', expiresIn: 60, contentType: 'text/plain' });
    expect(calls).toEqual([
      [
        'put',
        'k',
        'body',
        {
          contentType: 'application/octet-stream',
          cacheControl: undefined,
          metadata: { a: '1' },
          ifNotExists: false,
          signal: undefined,
        },
      ],
      ['get', 'k', { start: 2 }],
      [
        'list',
        {
          prefix: 'p/',
          delimiter: '/',
          pageSize: 10,
          start: { after: undefined, skipUnder: false },
        } satisfies ListRequest,
      ],
      ['signedUrl', 'k', { method: 'PUT', expiresIn: 60, contentType: 'text/plain' }],
    ]);
  });
});

describe('objectStoreOver: failures', () => {
  it('maps a backend error once, with the call’s site', async () => {
    const raw = new Error('socket hang up');
    const { backend, mapped } = recordingBackend({
      stat: () => {
        throw raw;
      },
      copy: () => {
        throw raw;
      },
      list: () => {
        throw raw;
      },
      deleteMany: () => {
        throw raw;
      },
    });
    const store = objectStoreOver(backend);
    await expect(store.stat('a/b')).rejects.toMatchObject({
      code: 'BACKEND',
      message: 'recording failed: mapped stat',
      cause: raw,
    });
    await expectCode(store.copy('a', 'b'), 'BACKEND');
    await expectCode(store.list({ prefix: 'p/' }), 'BACKEND');
    await expectCode(store.deleteMany(['a', 'b']), 'BACKEND');
    expect(mapped).toEqual([
      [raw, { operation: 'stat', key: 'a/b', subject: '"a/b"' }],
      [raw, { operation: 'copy', key: 'a', subject: '"a" to "b"' }],
      [raw, { operation: 'list', subject: 'prefix "p/"' }],
      [raw, { operation: 'deleteMany', subject: '2 keys' }],
    ]);
  });

  it('passes a typed Stowage error from the backend through unchanged, unmapped', async () => {
    const missing = NotFoundError.object('k');
    const { backend, mapped } = recordingBackend({
      get: () => {
        throw missing;
      },
    });
    await expect(objectStoreOver(backend).get('k')).rejects.toBe(missing);
    expect(mapped).toEqual([]);
  });

  it('hands the caller’s own body error back as it was thrown, unmapped', async () => {
    const sourceError = Object.assign(new Error('EIO from the caller'), { code: 'EIO' });
    const { backend, mapped } = recordingBackend({
      put: () => {
        throw new SourceFailure(sourceError);
      },
    });
    await expect(objectStoreOver(backend).put('k', 'x')).rejects.toBe(sourceError);
    expect(mapped).toEqual([]);
  });

  it('without a mapError hook, lets other errors pass as they are', async () => {
    const raw = new TypeError('odd');
    const { backend } = recordingBackend({
      delete: () => {
        throw raw;
      },
    });
    const { mapError: _, ...unmapped } = backend;
    await expect(objectStoreOver(unmapped).delete('k')).rejects.toBe(raw);
  });
});

describe('objectStoreOver: what it builds on the backend', () => {
  it('getBytes collects get() when the backend has no getBytes of its own', async () => {
    const { backend, calls } = recordingBackend(
      {
        get: (key: string) => ({
          info: infoOf(key),
          body: Readable.from([Buffer.from('ab'), Buffer.from('cd')]),
        }),
      },
      ['getBytes'],
    );
    expect((await objectStoreOver(backend).getBytes('k', { range: { start: 0 } })).toString()).toBe('abcd');
    expect(calls).toEqual([['get', 'k', { start: 0 }]]);
  });

  it('getBytes uses the backend’s own when it has one', async () => {
    const { backend, calls } = recordingBackend();
    expect((await objectStoreOver(backend).getBytes('k')).toString()).toBe('x');
    expect(calls).toEqual([['getBytes', 'k', undefined]]);
  });

  it('exists is stat() with NOT_FOUND (typed, or mapped by the hook) as false', async () => {
    const notFoundRaw = new Error('404');
    const { backend, calls } = recordingBackend(
      {
        stat: (key: string) => {
          if (key === 'typed') throw NotFoundError.object(key);
          if (key === 'raw') throw notFoundRaw;
          return infoOf(key);
        },
      },
      ['exists'],
    );
    backend.mapError = (error, site) =>
      error === notFoundRaw ? NotFoundError.object(site.key ?? '') : BackendError.because('x', 'y');
    const store = objectStoreOver(backend);
    expect(await store.exists('there')).toBe(true);
    expect(await store.exists('typed')).toBe(false);
    expect(await store.exists('raw')).toBe(false);
    expect(calls.map((call) => call[0])).toEqual(['stat', 'stat', 'stat']);
  });

  it('deleteMany deletes each distinct key when the backend has no deleteMany', async () => {
    const { backend, calls } = recordingBackend({}, ['deleteMany']);
    await objectStoreOver(backend).deleteMany(['a', 'b', 'a']);
    expect(calls).toEqual([
      ['delete', 'a'],
      ['delete', 'b'],
    ]);
  });

  it('deletePrefix pages through list() and deletes what it lists when the backend has none', async () => {
    const pages: Record<string, ListPage> = {
      first: { objects: [infoOf('p/a'), infoOf('p/b')], prefixes: [], cursor: 'cA' },
      cA: { objects: [infoOf('p/c')], prefixes: [] },
    };
    const { backend, calls } = recordingBackend(
      {
        list: (request: ListRequest) => pages[request.start.after === undefined ? 'first' : 'cA'],
        delete: (key: string) => key !== 'p/b',
      },
      ['deletePrefix'],
    );
    // 'cA' is the cursor of the text "p" (base64url), so the facade decodes it before list() sees it.
    expect(await objectStoreOver(backend).deletePrefix('p/')).toBe(2);
    expect(calls.map((call) => call[0])).toEqual(['list', 'delete', 'delete', 'list', 'delete']);
  });

  it('move onto the same key is the backend’s stat(), never its move(); copy onto it is its copy()', async () => {
    const { backend, calls } = recordingBackend();
    const store = objectStoreOver(backend);
    await store.move('k', 'k');
    await store.copy('k', 'k');
    await store.move('k', 'other');
    expect(calls).toEqual([
      ['stat', 'k'],
      ['copy', 'k', 'k'],
      ['move', 'k', 'other'],
    ]);
  });

  it('listAll follows the cursors of list()', async () => {
    const { backend } = recordingBackend({
      list: (request: ListRequest): ListPage =>
        request.start.after === undefined
          ? { objects: [infoOf('a')], prefixes: [], cursor: 'YQ' }
          : { objects: [infoOf('b')], prefixes: [] },
    });
    const keys: string[] = [];
    for await (const info of objectStoreOver(backend).listAll()) keys.push(info.key);
    expect(keys).toEqual(['a', 'b']);
  });
});
