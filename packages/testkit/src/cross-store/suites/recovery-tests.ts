// After a crash past the commit (a phase hook that throws) or an object store that failed
// mid-commit, recover() finishes the steps once, even when two recoveries run at the same time;
// it sweeps the staging folders of transactions that never committed once they are old enough.
import { randomUUID } from 'node:crypto';
import type { TransactionPhase } from '@stowage/core';
import { stagingFolder } from '@stowage/core/internal';
import { expect, it } from 'vitest';
import { rejectionOf } from '../../expect-stowage-error.ts';
import { CrossStoreDocument } from '../entities.ts';
import type { CrossStoreSuite } from '../suite-context.ts';
import { Crash, faultyStowages } from './faults.ts';

export function recoveryTests(suite: CrossStoreSuite): void {
  const faulty = faultyStowages(suite);

  it.each<TransactionPhase>(['after-commit', 'after-object-step', 'before-cache'])(
    'recover() finishes a transaction that crashed at %s',
    async (phase) => {
      const s = faulty.stowage();
      const name = phase.replaceAll('-', '');
      await s.objects.put(suite.key(`${name}-gone.txt`), 'to delete');
      await s.cache.set(`${name}-cached`, 'stale');
      const error = await faulty.withCrash(phase, () =>
        rejectionOf(
          s.transaction(async (tx) => {
            await tx.objects.put(suite.key(`${name}-a.txt`), 'a');
            await tx.objects.put(suite.key(`${name}-b.txt`), 'b');
            await tx.objects.delete(suite.key(`${name}-gone.txt`));
            tx.cache.invalidate([`${name}-cached`]);
            await tx
              .repository(CrossStoreDocument)
              .create({ title: name, fileKey: suite.key(`${name}-a.txt`) });
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
      expect(await suite.text(`${name}-a.txt`)).toBe('a');
      expect(await suite.text(`${name}-b.txt`)).toBe('b');
      expect(await s.objects.exists(suite.key(`${name}-gone.txt`))).toBe(false);
      expect(await s.cache.get(`${name}-cached`)).toBeUndefined();
      expect(await suite.staged()).toEqual([]);
      expect((await s.recover()).applied).toBe(0);
    },
  );

  it('reports a committed transaction whose object store failed mid-commit, and recover() finishes it', async () => {
    const s = faulty.stowage();
    const error = await faulty.withStoreDown(() =>
      rejectionOf(
        s.transaction(async (tx) => {
          await tx.objects.put(suite.key('outage.txt'), 'after the outage');
          await tx
            .repository(CrossStoreDocument)
            .create({ title: 'outage', fileKey: suite.key('outage.txt') });
        }),
      ),
    );
    expect(error).toSatisfy((e) => (e as { code?: string }).code === 'UNAVAILABLE');
    expect((error as { context?: { committed?: boolean } }).context?.committed).toBe(true);
    expect(await s.repository(CrossStoreDocument).count({ title: 'outage' })).toBe(1);
    expect(await s.objects.exists(suite.key('outage.txt'))).toBe(false);
    expect((await s.recover()).applied).toBeGreaterThanOrEqual(1);
    expect(await suite.text('outage.txt')).toBe('after the outage');
    expect(await suite.staged()).toEqual([]);
  });

  it('applies each outbox entry once when two recoveries run at the same time', async () => {
    const s = faulty.stowage();
    for (let i = 0; i < 6; i++) {
      await faulty.withCrash('after-commit', () =>
        rejectionOf(
          s.transaction(async (tx) => {
            await tx.objects.put(suite.key(`twice-${i}.txt`), `body ${i}`);
          }),
        ),
      );
    }
    const pending = await suite.pendingOutbox();
    expect(pending).toBeGreaterThanOrEqual(6);
    // Recoveries that hold their claims long enough to be told apart.
    const [first, second] = await Promise.all([
      faulty.stowage(60_000).recover(),
      faulty.stowage(60_000).recover(),
    ]);
    expect((first?.applied ?? 0) + (second?.applied ?? 0)).toBe(pending);
    expect(await suite.pendingOutbox()).toBe(0);
    for (let i = 0; i < 6; i++) expect(await suite.text(`twice-${i}.txt`)).toBe(`body ${i}`);
  });

  it('sweeps staging folders of transactions that never committed once they are old enough', async () => {
    const s = faulty.stowage();
    const abandoned = stagingFolder(suite.stagingPrefix, randomUUID(), Date.now() - 10_000);
    await s.objects.put(`${abandoned}0`, 'left by a dead process');
    expect((await s.recover({ staleAfterMs: 60_000 })).removedStagingFolders).toBe(0);
    expect(await s.objects.exists(`${abandoned}0`)).toBe(true);
    expect((await s.recover({ staleAfterMs: 5_000 })).removedStagingFolders).toBe(1);
    expect(await suite.staged()).toEqual([]);
  });
}
