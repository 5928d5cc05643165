// Raw writes and cached repositories on SQLite: a tx.sql / stowage.sql write cannot tell the cache
// which rows it touched, so invalidateRows() says it — after the commit inside a transaction
// (never on a rollback), at once outside. Without it the cached row stays until its TTL.
import { randomUUID } from 'node:crypto';
import {
  createMemoryCache,
  createMemoryObjectStore,
  outboxEntities,
  type Stowage,
  stowageFrom,
} from '@stowage/core';
import type { SqlDatabase } from '@stowage/sql';
import { CachedAccount as Account } from '@stowage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratch } from './test-database.test-support.ts';

describe('SQL escape hatch and cached repositories (sqlite)', () => {
  let database: SqlDatabase;
  let stowage: Stowage;
  const sql = () => stowage.sql.for({ CachedAccount: Account });

  beforeAll(async () => {
    database = await scratch.open([Account, ...outboxEntities]);
    stowage = stowageFrom({ cache: createMemoryCache(), objects: createMemoryObjectStore(), database });
  });
  afterAll(async () => {
    await stowage.close();
  });

  const cachedAccount = async (balance: number) => {
    const account = await stowage
      .repository(Account)
      .create({ email: `${randomUUID()}@example.com`, balance });
    expect(await stowage.repository(Account).findById(account.id)).toEqual(account); // fills
    return account;
  };

  it('serves the old row after a raw write that invalidates nothing (the documented limit)', async () => {
    const account = await cachedAccount(1);
    await sql().updateTable('cached_account').set({ balance: 2 }).where('id', '=', account.id).execute();
    expect(await stowage.repository(Account).findById(account.id)).toEqual(account);
  });

  it('stowage.invalidateRows forgets the row at once', async () => {
    const account = await cachedAccount(1);
    await sql().updateTable('cached_account').set({ balance: 2 }).where('id', '=', account.id).execute();
    await stowage.invalidateRows(Account, [account.id]);
    expect(await stowage.repository(Account).findById(account.id)).toEqual({ ...account, balance: 2 });
  });

  it('tx.cache.invalidateRows forgets the row after the commit, and not on a rollback', async () => {
    const account = await cachedAccount(1);
    await expect(
      stowage.transaction(async (tx) => {
        const inner = tx.sql.for({ CachedAccount: Account });
        await inner.updateTable('cached_account').set({ balance: 5 }).where('id', '=', account.id).execute();
        tx.cache.invalidateRows(Account, [account.id]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await stowage.repository(Account).findById(account.id)).toEqual(account);

    await stowage.transaction(async (tx) => {
      const inner = tx.sql.for({ CachedAccount: Account });
      await inner.updateTable('cached_account').set({ balance: 6 }).where('id', '=', account.id).execute();
      tx.cache.invalidateRows(Account, [account.id]);
      // Not yet: other readers still get the committed row from the cache.
      expect(await stowage.repository(Account).findById(account.id)).toEqual(account);
    });
    expect(await stowage.repository(Account).findById(account.id)).toEqual({ ...account, balance: 6 });
  });
});
