// Cross-store transactions on `stowage:unit-of-work`, from SQLite × the memory object store × the
// memory cache: a transaction's trace with its commit and promote (steps, objects placed), a
// rollback (staged bodies removed) with the callback's typed error, a failure after the commit
// (UnavailableError, committed), recover() with a promote per entry it applied, cached reads
// nested under the transaction, and nothing published while nobody subscribes.
import { AsyncLocalStorage } from 'node:async_hooks';
import { tracingChannel } from 'node:diagnostics_channel';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConflictError,
  createMemoryCache,
  createMemoryObjectStore,
  type Stowage,
  stowageFrom,
  type TransactionPhase,
} from '@stowage/core';
import {
  type CacheOperationContext,
  collectTraces,
  recordTraces,
  type UnitOfWorkContext,
} from '@stowage/core/diagnostics';
import { silentLogger } from '@stowage/test-support';
import { CrossStoreDocument, crossStoreEntities } from '@stowage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from './index.ts';

class Crash extends Error {}

let folder: string;
let database: ReturnType<typeof createDatabase>;
/** A phase at which the next transaction "crashes" (its hook throws), once. */
let crashAt: TransactionPhase | undefined;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'stowage-uow-tracing-'));
  database = createDatabase({ driver: 'sqlite', path: join(folder, 'app.sqlite') }, { logger: silentLogger });
  await database.register(crossStoreEntities);
  await database.syncSchema();
});
afterAll(async () => {
  await database?.close();
  await rm(folder, { recursive: true, force: true });
});

/** A Stowage over the shared database with fresh objects and cache; claims lapse at once. */
function stowage(): Stowage {
  return stowageFrom({
    database,
    objects: createMemoryObjectStore(),
    cache: createMemoryCache({ namespace: 'app' }),
    logger: silentLogger,
    transactions: {
      claimMs: 1,
      onPhase(phase) {
        if (phase !== crashAt) return;
        crashAt = undefined;
        throw new Crash(`crashed at ${phase}`);
      },
    },
  });
}

describe('unit-of-work traces on SQLite', () => {
  it('a committed transaction: transaction, then commit, then promote, with its counts', async () => {
    const s = stowage();
    await s.objects.put('old.txt', 'to delete');
    const seen = await collectTraces('stowage:unit-of-work', async () => {
      await s.transaction(async (tx) => {
        await tx.objects.put('a.txt', 'a');
        await tx.objects.put('b.txt', 'b');
        await tx.objects.delete('old.txt');
        tx.cache.invalidate(['k1', 'k2']);
        await tx.repository(CrossStoreDocument).create({ title: 'committed', fileKey: 'a.txt' });
      });
    });
    // begin: the first database call opened the database transaction.
    expect(seen.started.map((context) => context.operation)).toEqual([
      'transaction',
      'begin',
      'commit',
      'promote',
    ]);
    const id = seen.started[0]?.transactionId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // Two promotes, a delete, one invalidation of the app's cache.
    expect(seen.ended).toEqual([
      { operation: 'begin', transactionId: id },
      { operation: 'commit', transactionId: id, steps: 4 },
      { operation: 'promote', transactionId: id, steps: 4, objects: 2, lost: 0 },
      { operation: 'transaction', transactionId: id, steps: 4, objects: 2, committed: true },
    ]);
    expect(seen.failed).toEqual([]);
    expect((await s.objects.getBytes('a.txt')).toString()).toBe('a');
    expect(await s.objects.exists('old.txt')).toBe(false);
  });

  it('a transaction with no database call and no step has no commit', async () => {
    const s = stowage();
    const seen = await collectTraces('stowage:unit-of-work', async () => {
      await expect(s.transaction(async () => 'nothing')).resolves.toBe('nothing');
    });
    expect(seen.ended).toEqual([
      { operation: 'transaction', transactionId: expect.any(String), steps: 0, objects: 0, committed: true },
    ]);
  });

  it("a callback that throws: rollback removes the staged bodies; the error is the transaction's", async () => {
    const s = stowage();
    const refused = new ConflictError('a conflict the callback found');
    const seen = await collectTraces('stowage:unit-of-work', async () => {
      await expect(
        s.transaction(async (tx) => {
          await tx.objects.put('never.txt', 'staged');
          await tx.repository(CrossStoreDocument).create({ title: 'rolled back', fileKey: null });
          throw refused;
        }),
      ).rejects.toBe(refused);
    });
    const id = seen.started[0]?.transactionId;
    expect(seen.started.map((context) => context.operation)).toEqual(['transaction', 'begin', 'rollback']);
    expect(seen.failed).toEqual([
      {
        operation: 'transaction',
        transactionId: id,
        steps: undefined,
        objects: 1,
        committed: false,
        error: refused,
      },
    ]);
    expect(seen.ended).toEqual([
      { operation: 'begin', transactionId: id },
      { operation: 'rollback', transactionId: id, objects: 1 },
      { operation: 'transaction', transactionId: id, objects: 1, committed: false, error: refused },
    ]);
    expect(await s.repository(CrossStoreDocument).count({ title: 'rolled back' })).toBe(0);
    expect(await s.objects.exists('never.txt')).toBe(false);
  });

  it('a failure after the commit is promote’s UnavailableError, and recover() promotes the entry', async () => {
    const s = stowage();
    crashAt = 'after-commit';
    const failedRun = await collectTraces('stowage:unit-of-work', async () => {
      await expect(
        s.transaction(async (tx) => {
          await tx.objects.put('late.txt', 'after the crash');
          await tx.repository(CrossStoreDocument).create({ title: 'crashed', fileKey: 'late.txt' });
        }),
      ).rejects.toMatchObject({ code: 'UNAVAILABLE', context: { committed: true } });
    });
    const id = failedRun.started[0]?.transactionId;
    expect(failedRun.failed.map((context) => [context.operation, context.committed])).toEqual([
      ['promote', undefined],
      ['transaction', true],
    ]);
    const [promoteError, transactionError] = failedRun.failed.map((context) => context.error);
    expect(promoteError).toMatchObject({ code: 'UNAVAILABLE', context: { committed: true, outboxId: id } });
    expect((promoteError as Error).cause).toBeInstanceOf(Crash);
    expect(transactionError).toBe(promoteError);
    expect(await s.objects.exists('late.txt')).toBe(false);

    const recovered = await collectTraces('stowage:unit-of-work', async () => {
      await expect(s.recover({ staleAfterMs: 60_000 })).resolves.toMatchObject({ applied: 1, lostBodies: 0 });
    });
    expect(recovered.ended).toEqual([
      { operation: 'promote', transactionId: id, takenOver: true, steps: 1, objects: 1, lost: 0 },
      {
        operation: 'recover',
        transactionId: undefined,
        objects: 1,
        entries: 1,
        skipped: 0,
        lost: 0,
        folders: 0,
      },
    ]);
    expect((await s.objects.getBytes('late.txt')).toString()).toBe('after the crash');
  });

  it('cache calls made in the callback, and the invalidations promote runs, nest under the transaction', async () => {
    const s = stowage();
    const row = await s.repository(CrossStoreDocument).create({ title: 'cached', fileKey: null });
    const store = new AsyncLocalStorage<object>();
    const parentOf = new Map<string, string | undefined>();
    const name = (context: object | undefined) =>
      context && `${(context as { operation: string }).operation}`;
    const uow = tracingChannel<unknown, UnitOfWorkContext>('stowage:unit-of-work');
    const cache = tracingChannel<unknown, CacheOperationContext>('stowage:cache');
    // What a tracer does: the store's value while a trace starts is its parent.
    const bind = (context: UnitOfWorkContext | CacheOperationContext) => {
      parentOf.set(`${context.operation}#${parentOf.size}`, name(store.getStore()));
      return context;
    };
    uow.start.bindStore(store, bind);
    cache.start.bindStore(store, bind);
    const cacheCalls = recordTraces(cache);
    try {
      await collectTraces('stowage:unit-of-work', async () => {
        await s.transaction(async (tx) => {
          // A cached read (getOrLease, then fillLease), before the transaction's first statement.
          await expect(s.repository(CrossStoreDocument).findById(row.id)).resolves.toEqual(row);
          await tx.repository(CrossStoreDocument).update(row.id, { title: 'renamed' });
        });
      });
    } finally {
      uow.start.unbindStore(store);
      cache.start.unbindStore(store);
      cacheCalls.stop();
    }
    expect([...parentOf]).toEqual([
      ['transaction#0', undefined],
      ['getOrLease#1', 'transaction'],
      ['fillLease#2', 'transaction'],
      // The update, the transaction's first database call, begins it.
      ['begin#3', 'transaction'],
      ['commit#4', 'transaction'],
      ['promote#5', 'transaction'],
      // The row's invalidation, after the commit.
      ['invalidate#6', 'promote'],
    ]);
    expect(
      cacheCalls.ended.map((context) => [context.operation, context.namespace, context.outcome]),
    ).toEqual([
      ['getOrLease', 'app:entities', 'lease'],
      ['fillLease', 'app:entities', undefined],
      ['invalidate', 'app:entities', undefined],
    ]);
  });
});

describe('unit of work with nobody subscribed', () => {
  it('publishes nothing, and a subscriber that left is never called', async () => {
    const channel = tracingChannel<unknown, UnitOfWorkContext>('stowage:unit-of-work');
    const left = recordTraces(channel);
    left.stop();
    expect(channel.start.hasSubscribers).toBe(false);
    const s = stowage();
    await s.transaction(async (tx) => {
      await tx.objects.put('quiet.txt', 'q');
      await tx.repository(CrossStoreDocument).create({ title: 'quiet', fileKey: 'quiet.txt' });
    });
    await expect(
      s.transaction(async () => {
        throw new ConflictError('refused');
      }),
    ).rejects.toThrow('refused');
    await s.recover();
    expect([left.started, left.ended, left.failed]).toEqual([[], [], []]);
    expect((await s.objects.getBytes('quiet.txt')).toString()).toBe('q');
  });
});
