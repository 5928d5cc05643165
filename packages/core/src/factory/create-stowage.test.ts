import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Cache } from '../contracts/cache.ts';
import { consoleLogger } from '../contracts/logger.ts';
import { defineEntity } from '../entity/define-entity.ts';
import type { AdapterNotInstalledError } from '../errors/error-classes.ts';
import { isStowageError } from '../errors/stowage-error.ts';
import { createMemoryObjectStore } from '../objects/memory/memory-object-store.ts';
import { createStowage } from './create-stowage.ts';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** A plain import() from this file: what core itself can resolve. */
const fromCoreOnly = (name: string) => import(name);

describe('createStowage', () => {
  it('builds the embedded defaults: memory cache and local files', async () => {
    const root = await mkdtemp(join(tmpdir(), 'stowage-factory-'));
    const stowage = await createStowage({ objects: { driver: 'fs', root } });
    try {
      expect(stowage.objects.backend).toBe('local-fs');
      await stowage.objects.put('hello.txt', 'hi');
      expect((await stowage.objects.getBytes('hello.txt')).toString()).toBe('hi');
      await stowage.cache.set('k', { n: 1 });
      expect(await stowage.cache.get('k')).toEqual({ n: 1 });
      expect(stowage.cache.namespace).toBe('stowage');
      expect(stowage.database).toBeUndefined();
      await expect(stowage.transaction(async () => 1)).rejects.toThrow(/No database is configured/);
    } finally {
      await stowage.close();
    }
  });

  // Adapters resolved from core's own folder only, where the monorepo's adapter packages are not
  // installed (the default importer would also look beside the entry script and find them).
  it('says which package to add when an adapter is not installed', async () => {
    const error = await rejection(
      createStowage(
        { cache: { driver: 'redis', url: 'redis://127.0.0.1:6379', namespace: 'x', timeoutMs: 50 } },
        { importer: fromCoreOnly },
      ),
    );
    expect(isStowageError(error, 'ADAPTER_NOT_INSTALLED')).toBe(true);
    expect((error as AdapterNotInstalledError).packageName).toBe('@stowage/redis');
    expect(error.message).toContain('pnpm add @stowage/redis');
    const db = await rejection(
      createStowage(
        {
          database: {
            driver: 'mariadb',
            host: 'h',
            port: 3306,
            name: 'n',
            user: 'u',
            ssl: false,
            poolMax: 1,
          },
        },
        { importer: fromCoreOnly },
      ),
    );
    expect((db as AdapterNotInstalledError).packageName).toBe('@stowage/mysql');
  });

  it('gives entities the embedded SQLite database when none is configured', async () => {
    const Thing = defineEntity({ name: 'Thing', schema: z.object({ id: z.uuid() }), generated: 'uuid' });
    const logged: string[] = [];
    const logger = { ...consoleLogger, info: (message: string) => logged.push(message) };
    const error = await rejection(
      createStowage({ objects: { driver: 'memory' } }, { entities: [Thing], logger, importer: fromCoreOnly }),
    );
    // @stowage/sqlite is not installed beside core: the error names the package to add.
    expect((error as AdapterNotInstalledError).packageName).toBe('@stowage/sqlite');
    expect(logged.some((line) => line.includes('using SQLite at ./data/stowage.sqlite'))).toBe(true);
    const seen: unknown[] = [];
    await rejection(
      createStowage(
        { objects: { driver: 'memory' } },
        {
          entities: [Thing],
          logger,
          importer: async (name) => ({
            createDatabase: (config: unknown) => {
              seen.push(name, config);
              throw new Error('stop here');
            },
          }),
        },
      ),
    );
    expect(seen).toEqual(['@stowage/sqlite', { driver: 'sqlite', path: './data/stowage.sqlite' }]);
  });

  it("takes entities keyed by name, and refuses a key that is not its entity's name", async () => {
    const Thing = defineEntity({ name: 'Thing', schema: z.object({ id: z.uuid() }) });
    const registered: unknown[] = [];
    const importer = async () => ({
      createDatabase: () => ({
        driver: 'fake',
        register: async (entities: unknown[]) => {
          registered.push(...entities);
        },
        close: async () => {},
      }),
    });
    const stowage = await createStowage(
      { objects: { driver: 'memory' }, database: { driver: 'sqlite', path: ':memory:' } },
      { entities: { Thing }, importer },
    );
    expect(registered[0]).toBe(Thing);
    await stowage.close();
    const error = await rejection(
      createStowage({ objects: { driver: 'memory' } }, { entities: { Other: Thing }, importer }),
    );
    expect(isStowageError(error, 'CONFIG')).toBe(true);
    expect(error.message).toContain('the key "Other" holds the entity "Thing"');
  });

  it('rejects an unknown driver before opening anything, listing the known ones', async () => {
    const error = await rejection(createStowage({ objects: { driver: 'azure' } as never }));
    expect(isStowageError(error, 'CONFIG')).toBe(true);
    expect(error.message).toContain('known drivers: fs, memory, minio, gcs');
  });

  it('loads an adapter package through the importer and hands it the config', async () => {
    const seen: unknown[] = [];
    const objects = createMemoryObjectStore();
    const stowage = await createStowage(
      {
        objects: {
          driver: 'minio',
          endpoint: 'http://127.0.0.1:7480',
          bucket: 'b',
          accessKey: 'a',
          secretKey: 's',
          region: 'us-east-1',
          pathStyle: true,
        },
      },
      {
        importer: async (name) => {
          seen.push(name);
          return {
            createObjectStore: (config: unknown) => {
              seen.push(config);
              return objects;
            },
          };
        },
      },
    );
    expect(seen[0]).toBe('@stowage/minio');
    expect(seen[1]).toMatchObject({ driver: 'minio', bucket: 'b' });
    expect(stowage.objects).toBe(objects);
    await stowage.close();
  });

  it('rethrows a module missing inside an installed adapter, and rejects an adapter without its factory', async () => {
    const inner = Object.assign(
      new Error("Cannot find package 'ioredis' imported from /x/@stowage/redis/dist/index.js"),
      {
        code: 'ERR_MODULE_NOT_FOUND',
      },
    );
    const config = { cache: { driver: 'redis', url: 'redis://h', namespace: 'n', timeoutMs: 50 } } as const;
    expect(await rejection(createStowage(config, { importer: async () => Promise.reject(inner) }))).toBe(
      inner,
    );
    const wrong = await rejection(createStowage(config, { importer: async () => ({}) }));
    expect(isStowageError(wrong, 'CONFIG')).toBe(true);
    expect(wrong.message).toContain('does not export createCache()');
  });

  it('closes what it opened when a later backend fails to open', async () => {
    let closed = false;
    const cache = {
      close: async () => {
        closed = true;
      },
    } as unknown as Cache;
    const error = await rejection(
      createStowage(
        {
          cache: { driver: 'redis', url: 'redis://h', namespace: 'n', timeoutMs: 50 },
          objects: { driver: 'gcs', bucket: 'bkt' },
        },
        {
          importer: async (name) =>
            name === '@stowage/redis'
              ? { createCache: () => cache }
              : { createObjectStore: () => Promise.reject(new Error('bucket unreachable')) },
        },
      ),
    );
    expect(error.message).toBe('bucket unreachable');
    expect(closed).toBe(true);
  });
});
