// Promotes (staged body → its key) that meet what a store or a race can do to them: the staged
// body vanished (never reported as placed), the key vanished between a copy-based move's copy and
// its check (placed again), a move that left its source behind (still removed), and an outbox
// row written before bodies' sizes and key-order rows were recorded (still finished).
import { createHash, randomUUID } from 'node:crypto';
import { isStowageError, NotFoundError, type ObjectInfo, type ObjectStore } from '@stowage/core';
import { OutboxEntity, OutboxKeyEntity, stagingFolder } from '@stowage/core/internal';
import { expect, it } from 'vitest';
import { rejectionOf } from '../../expect-stowage-error.ts';
import { CrossStoreDocument } from '../entities.ts';
import type { CrossStoreSuite } from '../suite-context.ts';
import { Crash, replacing } from './faults.ts';

type Move = (store: ObjectStore, from: string, to: string) => Promise<ObjectInfo>;

/** The store with its move() replaced. */
const withMove =
  (move: Move) =>
  (store: ObjectStore): ObjectStore =>
    replacing(store, 'move', () => (from, to) => move(store, from, to));

export function promoteTests(suite: CrossStoreSuite): void {
  const removeStaged = async () => {
    const objects = suite.stowage({}).objects;
    for (const key of await suite.staged()) await objects.delete(key);
  };

  it('rejects with IntegrityError (committed) when a staged body vanished before its promote, and runs the other steps', async () => {
    let armed = true;
    const s = suite.stowage({
      claimMs: 30_000,
      async onPhase(phase) {
        if (phase === 'after-commit' && armed) await removeStaged();
      },
    });
    await s.objects.put(suite.key('lost-other.txt'), 'to delete');
    const error = await rejectionOf(
      s.transaction(async (tx) => {
        await tx.objects.put(suite.key('lost.txt'), 'never placed');
        await tx.objects.delete(suite.key('lost-other.txt'));
        await tx
          .repository(CrossStoreDocument)
          .create({ title: 'lost body', fileKey: suite.key('lost.txt') });
      }),
    ).finally(() => {
      armed = false;
    });
    expect(isStowageError(error, 'INTEGRITY')).toBe(true);
    expect((error as { context: Record<string, unknown> }).context).toMatchObject({
      committed: true,
      keys: [suite.key('lost.txt')],
    });
    expect(await s.repository(CrossStoreDocument).count({ title: 'lost body' })).toBe(1);
    expect(await s.objects.exists(suite.key('lost.txt'))).toBe(false);
    expect(await s.objects.exists(suite.key('lost-other.txt'))).toBe(false);
    expect(await suite.pendingOutbox()).toBe(0);
    expect(await suite.staged()).toEqual([]);
  });

  it('recover() reports a staged body that vanished as lost, not as promoted', async () => {
    const crashing = suite.stowage({
      claimMs: 1,
      onPhase(phase) {
        if (phase === 'after-commit') throw new Crash('crashed after the commit');
      },
    });
    await rejectionOf(
      crashing.transaction(async (tx) => {
        await tx.objects.put(suite.key('lost-in-recovery.txt'), 'never placed');
        await tx.repository(CrossStoreDocument).create({ title: 'lost in recovery', fileKey: null });
      }),
    );
    await removeStaged();
    const report = await suite.stowage({}).recover();
    expect(report).toMatchObject({ applied: 1, lostBodies: 1 });
    expect(await suite.stowage({}).objects.exists(suite.key('lost-in-recovery.txt'))).toBe(false);
    expect(await suite.pendingOutbox()).toBe(0);
  });

  it('places the body again when its key vanished between a copy-based move and its check', async () => {
    let raced = false;
    // As on S3: copy, then (a concurrent delete of the key), then the move's stat finds nothing.
    const s = suite.stowage(
      {},
      {
        objects: withMove(async (store, from, to) => {
          if (raced) return store.move(from, to);
          raced = true;
          await store.copy(from, to);
          await store.delete(to);
          throw NotFoundError.object(to);
        }),
      },
    );
    await s.transaction(async (tx) => {
      await tx.objects.put(suite.key('raced.txt'), 'placed after all');
    });
    expect(raced).toBe(true);
    expect(await suite.text('raced.txt')).toBe('placed after all');
    expect(await suite.staged()).toEqual([]);
  });

  it('removes a promoted staged body that the store left behind', async () => {
    // A move that copied but did not remove its source (a delete that failed or was skipped).
    const s = suite.stowage({}, { objects: withMove((store, from, to) => store.copy(from, to)) });
    await s.transaction(async (tx) => {
      await tx.objects.put(suite.key('left-behind.txt'), 'promoted');
    });
    expect(await suite.text('left-behind.txt')).toBe('promoted');
    expect(await suite.staged()).toEqual([]);
  });

  it('recover() finishes an outbox row written before key order and staged sizes were recorded', async () => {
    const id = randomUUID();
    const staged = `${stagingFolder(suite.stagingPrefix, id, Date.now() - 1_000)}0`;
    const s = suite.stowage({});
    await s.objects.put(staged, 'from an older version');
    await suite
      .database()
      .repository(OutboxEntity)
      .create({
        id,
        steps: JSON.stringify([{ op: 'promote', staged, key: suite.key('legacy.txt') }]),
        createdAt: new Date(Date.now() - 1_000),
        claimedUntil: new Date(Date.now() - 1_000),
      });
    expect(await s.recover()).toMatchObject({ applied: 1, lostBodies: 0 });
    expect(await suite.text('legacy.txt')).toBe('from an older version');
    expect(await suite.staged()).toEqual([]);
    expect(await suite.pendingOutbox()).toBe(0);
  });

  it('finishes two entries whose key rows were drawn crossed on two shared keys (no wait cycle)', async () => {
    // A drew first on one key and B first on the other, as two commits inserting their key rows
    // at the same moment can: ordered per key, each would wait for the other forever.
    const s = suite.stowage({});
    const [one, two] = [suite.key('crossed-1.txt'), suite.key('crossed-2.txt')];
    await s.objects.put(one, 'one');
    await s.objects.put(two, 'two');
    const [a, b] = [randomUUID(), randomUUID()];
    const past = new Date(Date.now() - 1_000);
    for (const id of [a, b]) {
      await suite
        .database()
        .repository(OutboxEntity)
        .create({
          id,
          steps: JSON.stringify([
            { op: 'delete', key: one },
            { op: 'delete', key: two },
          ]),
          createdAt: past,
          claimedUntil: past,
        });
    }
    const hash = (key: string) => createHash('sha256').update(key).digest('hex');
    for (const [outboxId, key] of [
      [a, one],
      [b, two],
      [a, two],
      [b, one],
    ] as const) {
      await suite
        .database()
        .repository(OutboxKeyEntity)
        .create({ outboxId, keyHash: hash(key) });
    }
    const settled = await Promise.race([
      s.recover().then(() => 'finished'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 15_000)),
    ]);
    expect(settled).toBe('finished');
    expect(await suite.pendingOutbox()).toBe(0);
    expect(await s.objects.exists(one)).toBe(false);
    expect(await s.objects.exists(two)).toBe(false);
  }, 30_000);
}
