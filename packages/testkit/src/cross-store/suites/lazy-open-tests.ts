// The database transaction opens at the callback's first database call, so a put made before it
// streams while no connection is held: the database answers other callers meanwhile (on SQLite,
// whose one handle a transaction holds, a held transaction would block them).
import type { Database } from '@stowage/core';
import { expect, it } from 'vitest';
import { CrossStoreDocument } from '../entities.ts';
import type { CrossStoreSuite } from '../suite-context.ts';
import { replacing } from './faults.ts';

/** The database with its transaction() calls counted. */
const counted = (database: Database, calls: { transactions: number }): Database =>
  replacing(database, 'transaction', (transaction) => (work) => {
    calls.transactions += 1;
    return transaction(work);
  });

export function lazyOpenTests(suite: CrossStoreSuite): void {
  it('streams a put made before any database call while no database transaction is open', async () => {
    const calls = { transactions: 0 };
    const s = suite.stowage({ claimMs: 30_000 }, { database: (database) => counted(database, calls) });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let streaming!: () => void;
    const started = new Promise<void>((resolve) => {
      streaming = resolve;
    });
    async function* slowBody() {
      yield Buffer.from('first half, ');
      streaming();
      await released;
      yield Buffer.from('second half');
    }
    let openedByCreate = 0;
    const done = s.transaction(async (tx) => {
      await tx.objects.put(suite.key('lazy.txt'), slowBody());
      await tx.repository(CrossStoreDocument).create({ title: 'lazy', fileKey: suite.key('lazy.txt') });
      openedByCreate = calls.transactions;
    });
    try {
      await started;
      expect(calls.transactions).toBe(0);
      // Another caller's write goes through while the body is still streaming.
      const other = await s.repository(CrossStoreDocument).create({ title: 'meanwhile', fileKey: null });
      expect(other.title).toBe('meanwhile');
    } finally {
      release();
      await done;
    }
    expect(openedByCreate).toBe(1); // the create opened it
    expect((await s.objects.getBytes(suite.key('lazy.txt'))).toString()).toBe('first half, second half');
    expect(await suite.staged()).toEqual([]);
  });
}
