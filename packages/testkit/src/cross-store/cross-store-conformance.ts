// crossStoreConformance(): one transaction across database, object store and cache, for any
// combination of backends. It checks the guarantees written in ARCHITECTURE.md: after a commit
// the rows, objects and cache agree; after a throw or a failed commit all three are as before;
// after a crash past the commit (simulated here by a phase hook that throws), recover() finishes
// the steps once, even when two recoveries run at the same time.
import { randomUUID } from 'node:crypto';
import {
  type Cache,
  type Database,
  type ObjectStore,
  type Stowage,
  stowageFrom,
  type TransactionPhase,
  UnavailableError,
} from '@stowage/core';
import { stagingFolder } from '@stowage/core/internal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStowageError, rejectionOf } from '../expect-stowage-error.ts';
import { CrossStoreDocument, crossStoreEntities } from './entities.ts';
import { lazyOpenTests } from './lazy-open-tests.ts';
import { promoteTests } from './promote-tests.ts';
import { putDeleteRaceTests } from './put-delete-race-tests.ts';
import type { CrossStoreSuite } from './suite-context.ts';

export interface CrossStoreBackends {
  database: Database;
  objects: ObjectStore;
  cache: Cache;
  /** Extra clean-up after the suite has closed the three backends (e.g. a temporary folder). */
  close?(): Promise<void>;
}

export interface CrossStoreConformanceOptions {
  /** Shown in the describe() title, e.g. "postgres × minio × redis". */
  name: string;
  /** Opens the three backends, the database with `entities` registered and their tables created. */
  open(entities: typeof crossStoreEntities): Promise<CrossStoreBackends>;
  /** Documents the PUT/DELETE race tests run at once; default 20. */
  racePairs?: number;
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

class Crash extends Error {}

export function crossStoreConformance(options: CrossStoreConformanceOptions): void {
  describe(`cross-store unit of work: ${options.name}`, () => {
    let backends: CrossStoreBackends | undefined;
    const run = `cross-store-${randomUUID().slice(0, 8)}/`;
    const stagingPrefix = `${run}.staging/`;
    let crashAt: TransactionPhase | undefined;

    // The object store as the transaction sees it: moves fail while `storeDown` is set.
    let storeDown = false;
    const flaky = (objects: ObjectStore): ObjectStore =>
      new Proxy(objects, {
        get(target, property) {
          if (property === 'move' && storeDown)
            return () => Promise.reject(UnavailableError.backend(target.backend, 'simulated outage'));
          const value = Reflect.get(target, property) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });

    // By default a short claim, so recover() may take over right after a simulated crash.
    const stowage = (claimMs = 1): Stowage => {
      if (!backends) throw new Error('backends not opened');
      return stowageFrom({
        ...backends,
        objects: flaky(backends.objects),
        logger: quiet,
        transactions: {
          stagingPrefix,
          claimMs,
          onPhase(phase) {
            if (phase === crashAt) throw new Crash(`simulated crash at ${phase}`);
          },
        },
      });
    };
    const key = (name: string) => `${run}${name}`;
    const text = async (name: string) => (await stowage().objects.getBytes(key(name))).toString();
    const staged = async () => {
      const found: string[] = [];
      for await (const object of stowage().objects.listAll({ prefix: stagingPrefix })) found.push(object.key);
      return found;
    };

    beforeAll(async () => {
      backends = await options.open(crossStoreEntities);
    }, 120_000);
    afterAll(async () => {
      if (!backends) return;
      const { database, objects, cache } = backends;
      try {
        await objects.deletePrefix(run);
      } finally {
        await Promise.allSettled([database.close(), objects.close(), cache.close()]);
        await backends.close?.();
      }
    }, 120_000);

    const withCrash = async <T>(phase: TransactionPhase, work: () => Promise<T>) => {
      crashAt = phase;
      try {
        return await work();
      } finally {
        crashAt = undefined;
      }
    };

    it('commits rows, objects and cache steps together', async () => {
      const s = stowage();
      await s.objects.put(key('old.txt'), 'old');
      await s.objects.put(key('doomed.txt'), 'doomed');
      await s.cache.set('report', 'stale');
      const before = await s.repository(CrossStoreDocument).create({ title: 'v1', fileKey: null });
      expect((await s.repository(CrossStoreDocument).findById(before.id))?.title).toBe('v1'); // now cached

      const created = await s.transaction(async (tx) => {
        const info = await tx.objects.put(key('new.txt'), 'fresh body', { contentType: 'text/plain' });
        expect(info.key).toBe(key('new.txt'));
        expect(info.size).toBe(10);
        await tx.objects.put(key('old.txt'), 'replaced');
        await tx.objects.delete(key('doomed.txt'));
        await tx.objects.copy(key('new.txt'), key('copy.txt'));
        tx.cache.invalidate(['report']);
        await tx.repository(CrossStoreDocument).update(before.id, { title: 'v2' });
        return tx.repository(CrossStoreDocument).create({ title: 'doc', fileKey: key('new.txt') });
      });

      expect(await text('new.txt')).toBe('fresh body');
      expect((await s.objects.stat(key('new.txt'))).contentType).toBe('text/plain');
      expect(await text('old.txt')).toBe('replaced');
      expect(await text('copy.txt')).toBe('fresh body');
      expect(await s.objects.exists(key('doomed.txt'))).toBe(false);
      expect(await s.cache.get('report')).toBeUndefined();
      expect((await s.repository(CrossStoreDocument).findById(before.id))?.title).toBe('v2');
      expect((await s.repository(CrossStoreDocument).getById(created.id)).fileKey).toBe(key('new.txt'));
      expect(await staged()).toEqual([]);
      expect(await backends?.database.repository(crossStoreEntities[1]).count()).toBe(0);
    });

    it('changes nothing in any store when the callback throws', async () => {
      const s = stowage();
      await s.objects.put(key('keep.txt'), 'kept');
      await s.objects.put(key('keep-2.txt'), 'kept too');
      await s.cache.set('keep', 'cached');
      const row = await s.repository(CrossStoreDocument).create({ title: 'before', fileKey: null });
      await s.repository(CrossStoreDocument).findById(row.id);

      const boom = new Error('callback failed');
      const error = await rejectionOf(
        s.transaction(async (tx) => {
          await tx.objects.put(key('never.txt'), 'never');
          await tx.objects.put(key('keep.txt'), 'overwritten');
          await tx.objects.delete(key('keep-2.txt'));
          await tx.objects.move(key('keep.txt'), key('moved.txt'));
          tx.cache.invalidate(['keep']);
          await tx.repository(CrossStoreDocument).update(row.id, { title: 'after' });
          await tx.repository(CrossStoreDocument).create({ title: 'ghost', fileKey: null });
          throw boom;
        }),
      );
      expect(error).toBe(boom);
      expect(await s.objects.exists(key('never.txt'))).toBe(false);
      expect(await s.objects.exists(key('moved.txt'))).toBe(false);
      expect(await text('keep.txt')).toBe('kept');
      expect(await text('keep-2.txt')).toBe('kept too');
      expect(await s.cache.get('keep')).toBe('cached');
      expect((await s.repository(CrossStoreDocument).getById(row.id)).title).toBe('before');
      expect(await s.repository(CrossStoreDocument).count({ title: 'ghost' })).toBe(0);
      expect(await staged()).toEqual([]);
    });

    it('changes nothing when the commit fails at the last moment', async () => {
      const s = stowage();
      await s.objects.put(key('commit-keep.txt'), 'kept');
      const error = await withCrash('before-commit', () =>
        rejectionOf(
          s.transaction(async (tx) => {
            await tx.objects.put(key('commit-keep.txt'), 'overwritten');
            await tx.objects.put(key('commit-never.txt'), 'never');
            await tx.repository(CrossStoreDocument).create({ title: 'uncommitted', fileKey: null });
          }),
        ),
      );
      expect(error).toBeInstanceOf(Crash);
      expect(await text('commit-keep.txt')).toBe('kept');
      expect(await s.objects.exists(key('commit-never.txt'))).toBe(false);
      expect(await s.repository(CrossStoreDocument).count({ title: 'uncommitted' })).toBe(0);
      expect(await staged()).toEqual([]);
    });

    it('drops the object and cache steps of a nested transaction that throws', async () => {
      const s = stowage();
      await s.transaction(async (tx) => {
        await tx.objects.put(key('outer.txt'), 'outer');
        await rejectionOf(
          tx.transaction(async (inner) => {
            await inner.objects.put(key('inner.txt'), 'inner');
            await inner.repository(CrossStoreDocument).create({ title: 'inner row', fileKey: null });
            throw new Error('inner failed');
          }),
        );
      });
      expect(await text('outer.txt')).toBe('outer');
      expect(await s.objects.exists(key('inner.txt'))).toBe(false);
      expect(await s.repository(CrossStoreDocument).count({ title: 'inner row' })).toBe(0);
      expect(await staged()).toEqual([]);
    });

    it('refuses a tx used after its transaction ended, and an invalid key before writing anything', async () => {
      const s = stowage();
      let leaked: Parameters<Parameters<Stowage['transaction']>[0]>[0] | undefined;
      await s.transaction(async (tx) => {
        leaked = tx;
      });
      const tx = leaked as NonNullable<typeof leaked>;
      await expectStowageError(tx.objects.put(key('late.txt'), 'late'), 'TRANSACTION_ENDED');
      await expectStowageError(tx.objects.delete(key('late.txt')), 'TRANSACTION_ENDED');
      expect(() => tx.cache.invalidate(['x'])).toThrowError(/after its transaction ended/);
      expect(() => tx.repository(CrossStoreDocument)).toThrowError(/after its transaction ended/);
      expect(await s.objects.exists(key('late.txt'))).toBe(false);

      const error = await rejectionOf(
        s.transaction(async (tx2) => {
          await tx2.repository(CrossStoreDocument).create({ title: 'with bad key', fileKey: null });
          await tx2.objects.put('../escape.txt', 'x');
        }),
      );
      expect(error).toSatisfy((e) => (e as { code?: string }).code === 'INVALID_KEY');
      expect(await s.repository(CrossStoreDocument).count({ title: 'with bad key' })).toBe(0);
      expect(await staged()).toEqual([]);
    });

    it.each<TransactionPhase>(['after-commit', 'after-object-step', 'before-cache'])(
      'recover() finishes a transaction that crashed at %s',
      async (phase) => {
        const s = stowage();
        const name = phase.replaceAll('-', '');
        await s.objects.put(key(`${name}-gone.txt`), 'to delete');
        await s.cache.set(`${name}-cached`, 'stale');
        const error = await withCrash(phase, () =>
          rejectionOf(
            s.transaction(async (tx) => {
              await tx.objects.put(key(`${name}-a.txt`), 'a');
              await tx.objects.put(key(`${name}-b.txt`), 'b');
              await tx.objects.delete(key(`${name}-gone.txt`));
              tx.cache.invalidate([`${name}-cached`]);
              await tx.repository(CrossStoreDocument).create({ title: name, fileKey: key(`${name}-a.txt`) });
            }),
          ),
        );
        // Committed, and told so: the rest waits in the outbox.
        expect(error).toSatisfy(
          (e) => (e as { code?: string }).code === 'UNAVAILABLE' && (e as Error).cause instanceof Crash,
        );
        expect((error as { context?: { committed?: boolean } }).context?.committed).toBe(true);
        expect(await s.repository(CrossStoreDocument).count({ title: name })).toBe(1);

        const report = await s.recover({ staleAfterMs: 0 });
        expect(report.applied).toBe(1);
        expect(await text(`${name}-a.txt`)).toBe('a');
        expect(await text(`${name}-b.txt`)).toBe('b');
        expect(await s.objects.exists(key(`${name}-gone.txt`))).toBe(false);
        expect(await s.cache.get(`${name}-cached`)).toBeUndefined();
        expect(await staged()).toEqual([]);
        expect((await s.recover()).applied).toBe(0);
      },
    );

    it('reports a committed transaction whose object store failed mid-commit, and recover() finishes it', async () => {
      const s = stowage();
      storeDown = true;
      const error = await rejectionOf(
        s.transaction(async (tx) => {
          await tx.objects.put(key('outage.txt'), 'after the outage');
          await tx.repository(CrossStoreDocument).create({ title: 'outage', fileKey: key('outage.txt') });
        }),
      ).finally(() => {
        storeDown = false;
      });
      expect(error).toSatisfy((e) => (e as { code?: string }).code === 'UNAVAILABLE');
      expect((error as { context?: { committed?: boolean } }).context?.committed).toBe(true);
      expect(await s.repository(CrossStoreDocument).count({ title: 'outage' })).toBe(1);
      expect(await s.objects.exists(key('outage.txt'))).toBe(false);
      expect((await s.recover()).applied).toBeGreaterThanOrEqual(1);
      expect(await text('outage.txt')).toBe('after the outage');
      expect(await staged()).toEqual([]);
    });

    it('applies each outbox entry once when two recoveries run at the same time', async () => {
      const s = stowage();
      for (let i = 0; i < 6; i++) {
        await withCrash('after-commit', () =>
          rejectionOf(
            s.transaction(async (tx) => {
              await tx.objects.put(key(`twice-${i}.txt`), `body ${i}`);
            }),
          ),
        );
      }
      const pending = await backends?.database.repository(crossStoreEntities[1]).count();
      expect(pending).toBeGreaterThanOrEqual(6);
      // Recoveries that hold their claims long enough to be told apart.
      const [first, second] = await Promise.all([stowage(60_000).recover(), stowage(60_000).recover()]);
      expect((first?.applied ?? 0) + (second?.applied ?? 0)).toBe(pending);
      expect(await backends?.database.repository(crossStoreEntities[1]).count()).toBe(0);
      for (let i = 0; i < 6; i++) expect(await text(`twice-${i}.txt`)).toBe(`body ${i}`);
    });

    it('sweeps staging folders of transactions that never committed once they are old enough', async () => {
      const s = stowage();
      const abandoned = stagingFolder(stagingPrefix, randomUUID(), Date.now() - 10_000);
      await s.objects.put(`${abandoned}0`, 'left by a dead process');
      expect((await s.recover({ staleAfterMs: 60_000 })).removedStagingFolders).toBe(0);
      expect(await s.objects.exists(`${abandoned}0`)).toBe(true);
      expect((await s.recover({ staleAfterMs: 5_000 })).removedStagingFolders).toBe(1);
      expect(await staged()).toEqual([]);
    });

    const suite: CrossStoreSuite = {
      stowage: (settings, wrap) => {
        if (!backends) throw new Error('backends not opened');
        return stowageFrom({
          ...backends,
          objects: wrap?.objects ? wrap.objects(backends.objects) : backends.objects,
          database: wrap?.database ? wrap.database(backends.database) : backends.database,
          logger: quiet,
          transactions: { ...settings, stagingPrefix },
        });
      },
      database: () => {
        if (!backends) throw new Error('backends not opened');
        return backends.database;
      },
      stagingPrefix,
      key,
      staged,
      pendingOutbox: async () => (await backends?.database.repository(crossStoreEntities[1]).count()) ?? 0,
      racePairs: options.racePairs,
    };
    lazyOpenTests(suite);
    promoteTests(suite);
    putDeleteRaceTests(suite);
  });
}
