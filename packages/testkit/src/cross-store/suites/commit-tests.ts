// After a commit the rows, objects and cache agree; after a throw, a failed commit or a nested
// transaction that throws, all three are as before; a tx used after its transaction and an
// invalid key are refused before anything is written.
import type { Stowage } from '@stowage/core';
import { expect, it } from 'vitest';
import { expectStowageError, rejectionOf } from '../../expect-stowage-error.ts';
import { CrossStoreDocument } from '../entities.ts';
import type { CrossStoreSuite } from '../suite-context.ts';
import { Crash, faultyStowages } from './faults.ts';

export function commitTests(suite: CrossStoreSuite): void {
  const faulty = faultyStowages(suite);

  it('commits rows, objects and cache steps together', async () => {
    const s = faulty.stowage();
    await s.objects.put(suite.key('old.txt'), 'old');
    await s.objects.put(suite.key('doomed.txt'), 'doomed');
    await s.cache.set('report', 'stale');
    const before = await s.repository(CrossStoreDocument).create({ title: 'v1', fileKey: null });
    expect((await s.repository(CrossStoreDocument).findById(before.id))?.title).toBe('v1'); // now cached

    const created = await s.transaction(async (tx) => {
      const info = await tx.objects.put(suite.key('new.txt'), 'fresh body', { contentType: 'text/plain' });
      expect(info.key).toBe(suite.key('new.txt'));
      expect(info.size).toBe(10);
      await tx.objects.put(suite.key('old.txt'), 'replaced');
      await tx.objects.delete(suite.key('doomed.txt'));
      await tx.objects.copy(suite.key('new.txt'), suite.key('copy.txt'));
      tx.cache.invalidate(['report']);
      await tx.repository(CrossStoreDocument).update(before.id, { title: 'v2' });
      return tx.repository(CrossStoreDocument).create({ title: 'doc', fileKey: suite.key('new.txt') });
    });

    expect(await suite.text('new.txt')).toBe('fresh body');
    expect((await s.objects.stat(suite.key('new.txt'))).contentType).toBe('text/plain');
    expect(await suite.text('old.txt')).toBe('replaced');
    expect(await suite.text('copy.txt')).toBe('fresh body');
    expect(await s.objects.exists(suite.key('doomed.txt'))).toBe(false);
    expect(await s.cache.get('report')).toBeUndefined();
    expect((await s.repository(CrossStoreDocument).findById(before.id))?.title).toBe('v2');
    expect((await s.repository(CrossStoreDocument).getById(created.id)).fileKey).toBe(suite.key('new.txt'));
    expect(await suite.staged()).toEqual([]);
    expect(await suite.pendingOutbox()).toBe(0);
  });

  it('changes nothing in any store when the callback throws', async () => {
    const s = faulty.stowage();
    await s.objects.put(suite.key('keep.txt'), 'kept');
    await s.objects.put(suite.key('keep-2.txt'), 'kept too');
    await s.cache.set('keep', 'cached');
    const row = await s.repository(CrossStoreDocument).create({ title: 'before', fileKey: null });
    await s.repository(CrossStoreDocument).findById(row.id);

    const boom = new Error('callback failed');
    const error = await rejectionOf(
      s.transaction(async (tx) => {
        await tx.objects.put(suite.key('never.txt'), 'never');
        await tx.objects.put(suite.key('keep.txt'), 'overwritten');
        await tx.objects.delete(suite.key('keep-2.txt'));
        await tx.objects.move(suite.key('keep.txt'), suite.key('moved.txt'));
        tx.cache.invalidate(['keep']);
        await tx.repository(CrossStoreDocument).update(row.id, { title: 'after' });
        await tx.repository(CrossStoreDocument).create({ title: 'ghost', fileKey: null });
        throw boom;
      }),
    );
    expect(error).toBe(boom);
    expect(await s.objects.exists(suite.key('never.txt'))).toBe(false);
    expect(await s.objects.exists(suite.key('moved.txt'))).toBe(false);
    expect(await suite.text('keep.txt')).toBe('kept');
    expect(await suite.text('keep-2.txt')).toBe('kept too');
    expect(await s.cache.get('keep')).toBe('cached');
    expect((await s.repository(CrossStoreDocument).getById(row.id)).title).toBe('before');
    expect(await s.repository(CrossStoreDocument).count({ title: 'ghost' })).toBe(0);
    expect(await suite.staged()).toEqual([]);
  });

  it('changes nothing when the commit fails at the last moment', async () => {
    const s = faulty.stowage();
    await s.objects.put(suite.key('commit-keep.txt'), 'kept');
    const error = await faulty.withCrash('before-commit', () =>
      rejectionOf(
        s.transaction(async (tx) => {
          await tx.objects.put(suite.key('commit-keep.txt'), 'overwritten');
          await tx.objects.put(suite.key('commit-never.txt'), 'never');
          await tx.repository(CrossStoreDocument).create({ title: 'uncommitted', fileKey: null });
        }),
      ),
    );
    expect(error).toBeInstanceOf(Crash);
    expect(await suite.text('commit-keep.txt')).toBe('kept');
    expect(await s.objects.exists(suite.key('commit-never.txt'))).toBe(false);
    expect(await s.repository(CrossStoreDocument).count({ title: 'uncommitted' })).toBe(0);
    expect(await suite.staged()).toEqual([]);
  });

  it('drops the object and cache steps of a nested transaction that throws', async () => {
    const s = faulty.stowage();
    await s.transaction(async (tx) => {
      await tx.objects.put(suite.key('outer.txt'), 'outer');
      await rejectionOf(
        tx.transaction(async (inner) => {
          await inner.objects.put(suite.key('inner.txt'), 'inner');
          await inner.repository(CrossStoreDocument).create({ title: 'inner row', fileKey: null });
          throw new Error('inner failed');
        }),
      );
    });
    expect(await suite.text('outer.txt')).toBe('outer');
    expect(await s.objects.exists(suite.key('inner.txt'))).toBe(false);
    expect(await s.repository(CrossStoreDocument).count({ title: 'inner row' })).toBe(0);
    expect(await suite.staged()).toEqual([]);
  });

  it('refuses a tx used after its transaction ended, and an invalid key before writing anything', async () => {
    const s = faulty.stowage();
    let leaked: Parameters<Parameters<Stowage['transaction']>[0]>[0] | undefined;
    await s.transaction(async (tx) => {
      leaked = tx;
    });
    const tx = leaked as NonNullable<typeof leaked>;
    await expectStowageError(tx.objects.put(suite.key('late.txt'), 'late'), 'TRANSACTION_ENDED');
    await expectStowageError(tx.objects.delete(suite.key('late.txt')), 'TRANSACTION_ENDED');
    expect(() => tx.cache.invalidate(['x'])).toThrowError(/after its transaction ended/);
    expect(() => tx.repository(CrossStoreDocument)).toThrowError(/after its transaction ended/);
    expect(await s.objects.exists(suite.key('late.txt'))).toBe(false);

    const error = await rejectionOf(
      s.transaction(async (tx2) => {
        await tx2.repository(CrossStoreDocument).create({ title: 'with bad key', fileKey: null });
        await tx2.objects.put('../escape.txt', 'x');
      }),
    );
    expect(error).toSatisfy((e) => (e as { code?: string }).code === 'INVALID_KEY');
    expect(await s.repository(CrossStoreDocument).count({ title: 'with bad key' })).toBe(0);
    expect(await suite.staged()).toEqual([]);
  });
}
