// Cached repositories over a real database and cache: reads come from the cache, writes
// invalidate after they commit (never before, never on rollback), and — the race leases guard —
// once a write has returned, no read returns an older row.
import { randomUUID } from 'node:crypto';
import { type Cache, cachedUnitOfWork, type Database } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachedAccount, cachedRepositoryEntities } from './entities.ts';

export interface CachedRepositoryConformanceOptions {
  /** Shown in the describe() title, e.g. "postgres + redis". */
  name: string;
  /** Tables for `entities` created, in a schema or database of this run's own. */
  open(
    entities: typeof cachedRepositoryEntities,
  ): Promise<{ database: Database; cache: Cache; close(): Promise<void> }>;
  /** How long the readers-and-writers test runs; default 2 s. */
  raceMs?: number;
}

export function cachedRepositoryConformance(options: CachedRepositoryConformanceOptions): void {
  describe(`cached repository conformance: ${options.name}`, () => {
    let opened: Awaited<ReturnType<CachedRepositoryConformanceOptions['open']>>;
    beforeAll(async () => {
      opened = await options.open(cachedRepositoryEntities);
    });
    afterAll(async () => {
      await opened?.close();
    });

    const uow = () => cachedUnitOfWork(opened.database, opened.cache.withNamespace(`t${randomUUID()}`));
    /** The same table without the cache: changes made here are invisible to cached reads. */
    const direct = () => opened.database.repository(CachedAccount);
    const email = () => `${randomUUID()}@example.test`;

    it('serves findById from the cache until a write through the repository invalidates it', async () => {
      const accounts = uow().repository(CachedAccount);
      const account = await accounts.create({ email: email(), balance: 1 });
      expect(await accounts.findById(account.id)).toEqual(account);
      await direct().update(account.id, { balance: 99 });
      expect((await accounts.findById(account.id))?.balance).toBe(1); // served from the cache
      const updated = await accounts.update(account.id, { balance: 5 });
      expect(await accounts.findById(account.id)).toEqual(updated);
      expect(await accounts.getById(account.id)).toEqual(updated);
    });

    it('forgets a deleted row and an upserted one', async () => {
      const accounts = uow().repository(CachedAccount);
      const doomed = await accounts.create({ email: email(), balance: 1 });
      await accounts.findById(doomed.id);
      expect(await accounts.delete(doomed.id)).toBe(true);
      expect(await accounts.findById(doomed.id)).toBeNull();
      const kept = await accounts.create({ email: email(), balance: 1 });
      await accounts.findById(kept.id);
      const upserted = await accounts.upsert({ email: kept.email, balance: 7 }, { onConflict: ['email'] });
      expect(await accounts.findById(kept.id)).toEqual(upserted);
    });

    it('caches findOne by a whole unique key, and follows a change of that key', async () => {
      const accounts = uow().repository(CachedAccount);
      const before = email();
      const account = await accounts.create({ email: before, balance: 1 });
      // The first lookup caches the pointer (email → id), the second the row it leads to.
      expect(await accounts.findOne({ email: before })).toEqual(account);
      expect(await accounts.findOne({ email: before })).toEqual(account);
      await direct().update(account.id, { balance: 42 });
      expect((await accounts.findOne({ email: before }))?.balance).toBe(1); // from the cache
      const after = email();
      const moved = await accounts.update(account.id, { email: after });
      expect(await accounts.findOne({ email: before })).toBeNull();
      expect(await accounts.findOne({ email: after })).toEqual(moved);
      // Anything but a whole unique key goes to the database.
      expect(await accounts.findOne({ balance: 42, email: after })).toEqual(moved);
    });

    it('invalidates after the transaction commits: before that, others still read the committed row', async () => {
      const work = uow();
      const accounts = work.repository(CachedAccount);
      const account = await accounts.create({ email: email(), balance: 1 });
      await accounts.findById(account.id);
      const updated = await work.transaction(async (tx) => {
        const inside = tx.repository(CachedAccount);
        const changed = await inside.update(account.id, { balance: 2 });
        expect(await inside.findById(account.id)).toEqual(changed); // its own write
        expect(await accounts.findById(account.id)).toEqual(account); // not committed yet
        return changed;
      });
      expect(await accounts.findById(account.id)).toEqual(updated);
    });

    it('a rolled-back transaction leaves rows and cache as they were, and never filled the cache', async () => {
      const work = uow();
      const accounts = work.repository(CachedAccount);
      const account = await accounts.create({ email: email(), balance: 1 });
      await accounts.findById(account.id);
      const other = await accounts.create({ email: email(), balance: 1 });
      await expect(
        work.transaction(async (tx) => {
          const inside = tx.repository(CachedAccount);
          await inside.update(account.id, { balance: 2 });
          await inside.update(other.id, { balance: 2 });
          // Read inside the transaction: must not put the uncommitted row into the cache.
          expect((await inside.findById(other.id))?.balance).toBe(2);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await accounts.findById(account.id)).toEqual(account);
      expect(await accounts.findById(other.id)).toEqual(other);
      expect(await direct().findById(other.id)).toEqual(other);
    });

    it('readers and writers on the same rows: once a write has returned, no read returns an older row', {
      timeout: 60_000,
    }, async () => {
      const work = uow();
      const accounts = work.repository(CachedAccount);
      const rows = await Promise.all([1, 2, 3].map(() => accounts.create({ email: email(), balance: 0 })));
      /** The highest version whose write has returned, per row. */
      const returned = new Map(rows.map((row) => [row.id, row.version]));
      const until = Date.now() + (options.raceMs ?? 2_000);
      let reads = 0;
      let writes = 0;
      const stale: string[] = [];
      const pick = () => rows[Math.floor(Math.random() * rows.length)]?.id as string;
      const note = (id: string, version: number) => {
        if (version > (returned.get(id) ?? 0)) returned.set(id, version);
      };
      const writer = async (inTransaction: boolean) => {
        while (Date.now() < until) {
          const id = pick();
          const balance = Math.floor(Math.random() * 1_000);
          const row = inTransaction
            ? await work.transaction((tx) => tx.repository(CachedAccount).update(id, { balance }))
            : await accounts.update(id, { balance });
          writes += 1;
          note(id, row.version);
        }
      };
      const reader = async () => {
        while (Date.now() < until) {
          const id = pick();
          const floor = returned.get(id) ?? 0;
          const row = await accounts.findById(id);
          reads += 1;
          if (!row || row.version < floor)
            stale.push(`${id}: read v${row?.version} after v${floor} returned`);
        }
      };
      const hitsBefore = opened.cache.stats().hits;
      await Promise.all([writer(false), writer(true), ...Array.from({ length: 6 }, reader)]);
      expect(stale).toEqual([]);
      // The reads really went through the cache, not around it.
      expect(opened.cache.stats().hits - hitsBefore).toBeGreaterThan(0);
      expect(writes).toBeGreaterThan(10);
      expect(reads).toBeGreaterThan(100);
    });
  });
}
