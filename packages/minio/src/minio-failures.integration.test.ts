// What the caller sees when the server cannot be used: wrong credentials and a missing bucket
// are ConfigErrors naming the variable to fix (and never the secret); a closed port or a server
// that never answers is a retryable UnavailableError within a bounded time, never a hang.
import { createServer, type Server, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { isStowageError, type ObjectStore, type StowageError } from '@stowage/core';
import { afterAll, describe, expect, it } from 'vitest';
import { testStore, uniquePrefix } from './s3-test-server.test-support.ts';

const SECRET = 'wrong-secret-Kx81Zq';

/** Every store operation that talks to the server, each as a thunk. */
function operations(store: ObjectStore, key: string): [string, () => Promise<unknown>][] {
  return [
    ['put', () => store.put(key, 'x')],
    ['get', () => store.get(key)],
    ['stat', () => store.stat(key)],
    ['exists', () => store.exists(key)],
    ['list', () => store.list({ prefix: 'p/' })],
    ['delete', () => store.delete(key)],
    ['deleteMany', () => store.deleteMany([key])],
    ['copy', () => store.copy(key, `${key}-copy`)],
  ];
}

async function failure(task: () => Promise<unknown>): Promise<StowageError> {
  const error = await task().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStowageError(error)) throw new Error(`expected a Stowage error, got ${inspect(error)}`);
  return error;
}

describe('wrong credentials', () => {
  it.each([
    ['a wrong secret key', { secretKey: SECRET }],
    ['an unknown access key', { accessKey: 'no-such-access-key', secretKey: SECRET }],
  ])(
    'with %s every operation is a ConfigError naming S3_ACCESS_KEY, without the secret',
    async (_, credentials) => {
      const store = testStore(credentials);
      try {
        for (const [name, task] of operations(store, `${uniquePrefix('creds')}k`)) {
          const error = await failure(task);
          expect(error.code, name).toBe('CONFIG');
          expect((error as { variable?: string }).variable, name).toBe('S3_ACCESS_KEY');
          expect(error.message).toContain('S3_SECRET_KEY');
          expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(SECRET);
          expect(JSON.stringify(error)).not.toContain(SECRET);
        }
      } finally {
        await store.close();
      }
    },
  );
});

describe('a bucket that does not exist', () => {
  it('is a ConfigError naming OBJECT_STORE_BUCKET for every operation', async () => {
    const store = testStore({ bucket: 'stowage-no-such-bucket-here' });
    try {
      for (const [name, task] of operations(store, 'k')) {
        const error = await failure(task);
        expect(error.code, name).toBe('CONFIG');
        expect((error as { variable?: string }).variable, name).toBe('OBJECT_STORE_BUCKET');
      }
    } finally {
      await store.close();
    }
  });
});

describe('an unreachable server', () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  async function listen(onConnection?: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
    const server = createServer(onConnection);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as { port: number }).port };
  }

  it('on a closed port is a retryable UnavailableError within a second', async () => {
    const { server, port } = await listen();
    await new Promise((resolve) => server.close(resolve));
    const store = testStore({ endpoint: `http://127.0.0.1:${port}` });
    try {
      for (const [name, task] of operations(store, 'k')) {
        const started = Date.now();
        const error = await failure(task);
        expect(error.code, name).toBe('UNAVAILABLE');
        expect(error.retryable).toBe(true);
        expect(error.message).toContain('ECONNREFUSED');
        expect(Date.now() - started).toBeLessThan(1000);
      }
    } finally {
      await store.close();
    }
  });

  it('that accepts connections but never answers is an UnavailableError after timeoutMs', async () => {
    const { server, port } = await listen((socket) => sockets.push(socket));
    servers.push(server);
    const store = testStore({ endpoint: `http://127.0.0.1:${port}`, timeoutMs: 300 });
    try {
      for (const [name, task] of operations(store, 'k').slice(0, 3)) {
        const started = Date.now();
        const error = await failure(task);
        expect(error.code, name).toBe('UNAVAILABLE');
        expect(error.message).toContain('no answer within 300 ms');
        expect(Date.now() - started).toBeLessThan(2000);
      }
    } finally {
      await store.close();
    }
  });
});
