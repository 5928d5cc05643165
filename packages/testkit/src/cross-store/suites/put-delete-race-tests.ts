// The PUT/DELETE race of a document and its file, the way an application writes them: a PUT
// stages a body, then (holding the row) records the key on the document and deletes the file it
// replaces; a DELETE (holding the row) deletes the document and records the deletion of its file.
// Two transactions that meet on one row commit one after the other, and their object steps must
// run in that order too — across processes, so recover() and taken-over rows are part of it.
// After everything settles: an object exists exactly when a committed row refers to it, and
// nothing is left under the staging prefix.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isStowageError, type Stowage, type TransactionSettings } from '@stowage/core';
import { expect, it } from 'vitest';
import { CrossStoreDocument } from '../entities.ts';
import type { CrossStoreSuite } from '../suite-context.ts';
import { Crash } from './faults.ts';

/** Which transaction of which pair the current async context runs (for the phase hook). */
interface RaceRole {
  pair: number;
  role: 'put' | 'delete';
}

/** Stages the body first, then takes the row (its UPDATE locks it) and records the key. */
export async function putFile(stowage: Stowage, id: string, key: string, body: Buffer): Promise<void> {
  await stowage.transaction(async (tx) => {
    await tx.objects.put(key, body, { contentType: 'application/octet-stream' });
    const documents = tx.repository(CrossStoreDocument);
    await documents.update(id, { title: 'put' }); // NotFoundError when the document is gone
    const current = await documents.getById(id);
    if (current.fileKey && current.fileKey !== key) await tx.objects.delete(current.fileKey);
    await documents.update(id, { fileKey: key });
  });
}

/** Takes the row, then deletes it and records the deletion of its file. */
export async function deleteDocument(stowage: Stowage, id: string): Promise<void> {
  await stowage.transaction(async (tx) => {
    const documents = tx.repository(CrossStoreDocument);
    await documents.update(id, { title: 'deleting' });
    const current = await documents.getById(id);
    if (current.fileKey) await tx.objects.delete(current.fileKey);
    await documents.delete(id);
  });
}

/**
 * Failures a racing PUT or DELETE may meet: the row was deleted first (NotFoundError), or the
 * simulated crash after the commit (reported as committed, its steps left to others).
 */
function expectedFailure(error: unknown): boolean {
  if (isStowageError(error, 'NOT_FOUND')) return true;
  return isStowageError(error, 'UNAVAILABLE') && error.cause instanceof Crash;
}

/** Keeps calling recover() until `until` settles, as a second process would. */
async function recoverMeanwhile(stowage: Stowage, until: Promise<unknown>): Promise<number> {
  let settled = false;
  let runs = 0;
  void until.finally(() => {
    settled = true;
  });
  while (!settled) {
    await stowage.recover();
    runs += 1;
    await sleep(5);
  }
  return runs;
}

export function putDeleteRaceTests(suite: CrossStoreSuite): void {
  const pairs = suite.racePairs ?? 20;

  /** Object keys under `prefix` and the file keys rows under it refer to, after all settled. */
  async function settledState(stowage: Stowage, prefix: string, ids: readonly string[]) {
    expect((await stowage.recover()).skipped).toBe(0);
    const objects: string[] = [];
    for await (const object of stowage.objects.listAll({ prefix })) objects.push(object.key);
    const referred: string[] = [];
    for (const id of ids) {
      const row = await stowage.repository(CrossStoreDocument).findById(id);
      if (row?.fileKey) referred.push(row.fileKey);
    }
    return { objects: objects.sort(), referred: referred.sort() };
  }

  it(`orders the object steps of ${pairs} PUT/DELETE pairs meeting on one row each: no orphaned file, nothing staged`, async () => {
    const roles = new AsyncLocalStorage<RaceRole>();
    const deleteCommitted = new Map<number, () => void>();
    const deleteCommits = new Map<number, Promise<void>>();
    const startDelete = new Map<number, () => void>();
    // The DELETE of a pair runs and commits between its PUT's commit and the PUT's object steps:
    // it saw the PUT's row and records the deletion of the PUT's file, which must come last.
    const onPhase: TransactionSettings['onPhase'] = async (phase) => {
      const at = roles.getStore();
      if (!at || phase !== 'after-commit') return;
      if (at.role === 'delete') return deleteCommitted.get(at.pair)?.();
      startDelete.get(at.pair)?.();
      await Promise.race([deleteCommits.get(at.pair), sleep(5_000)]);
      // Every fourth PUT "dies" here: its row waits for the DELETE's process or recover().
      if (at.pair % 4 === 0) throw new Crash(`PUT ${at.pair} crashed after its commit`);
    };
    // Live claims (the DELETE waits for the PUT's process), and short ones for the crashing PUTs.
    const live = suite.stowage({ claimMs: 30_000, onPhase });
    const dying = suite.stowage({ claimMs: 1, onPhase });
    const recoverer = suite.stowage({ claimMs: 30_000 });
    const prefix = suite.key('race-pairs/');

    const documents = live.repository(CrossStoreDocument);
    const ids: string[] = [];
    for (let i = 0; i < pairs; i++) ids.push((await documents.create({ title: 'new', fileKey: null })).id);

    const unexpected: unknown[] = [];
    const race = Promise.all(
      ids.map(async (id, pair) => {
        const stowage = pair % 4 === 0 ? dying : live;
        deleteCommits.set(
          pair,
          new Promise<void>((resolve) => {
            deleteCommitted.set(pair, resolve);
          }),
        );
        let deletion: Promise<void> | undefined;
        const runDelete = () => {
          deletion ??= roles.run({ pair, role: 'delete' }, () => deleteDocument(stowage, id));
        };
        startDelete.set(pair, runDelete);
        const body = randomBytes(64 * 1024 + pair);
        const put = roles.run({ pair, role: 'put' }, () =>
          putFile(stowage, id, `${prefix}${pair}/file.bin`, body),
        );
        await put.catch((error: unknown) => {
          if (!expectedFailure(error)) unexpected.push(error);
        });
        runDelete();
        await deletion?.catch((error: unknown) => {
          if (!expectedFailure(error)) unexpected.push(error);
        });
      }),
    );
    const recoveries = await recoverMeanwhile(recoverer, race);
    await race;
    expect(unexpected).toEqual([]);
    expect(recoveries).toBeGreaterThan(0);

    const { objects, referred } = await settledState(live, prefix, ids);
    expect(referred).toEqual([]); // every DELETE ran after its PUT committed
    expect(objects).toEqual(referred);
    expect(await suite.staged()).toEqual([]);
    expect(await suite.pendingOutbox()).toBe(0);
  }, 120_000);

  it(`keeps objects and rows agreeing under ${pairs} documents of concurrent PUT, PUT, DELETE with recoveries running`, async () => {
    const live = suite.stowage({ claimMs: 30_000 });
    const recoverer = suite.stowage({ claimMs: 30_000 });
    const prefix = suite.key('race-free/');
    const documents = live.repository(CrossStoreDocument);
    const ids: string[] = [];
    for (let i = 0; i < pairs; i++) ids.push((await documents.create({ title: 'new', fileKey: null })).id);

    const unexpected: unknown[] = [];
    const settle = (work: Promise<void>) =>
      work.catch((error: unknown) => {
        if (!expectedFailure(error)) unexpected.push(error);
      });
    const race = Promise.all(
      ids.flatMap((id, n) => {
        // Every third document keeps its file (no DELETE): the invariant covers both outcomes.
        const jitter = () => sleep(Math.floor(Math.random() * 15));
        const work = [
          jitter().then(() => settle(putFile(live, id, `${prefix}${n}/a.bin`, randomBytes(4096)))),
          jitter().then(() => settle(putFile(live, id, `${prefix}${n}/b.bin`, randomBytes(8192)))),
        ];
        if (n % 3 !== 0) work.push(jitter().then(() => settle(deleteDocument(live, id))));
        return work;
      }),
    );
    await recoverMeanwhile(recoverer, race);
    await race;
    expect(unexpected).toEqual([]);

    const { objects, referred } = await settledState(live, prefix, ids);
    expect(objects).toEqual(referred);
    expect(await suite.staged()).toEqual([]);
    expect(await suite.pendingOutbox()).toBe(0);
  }, 120_000);
}
