// Crash tests of the cross-store unit of work: a child process runs a transaction (a 1 MiB put,
// a second put, a delete, a cache invalidation and a cached row's update) and is killed with
// SIGKILL at each phase boundary. Then recover() runs, and the test checks the exact state of
// all three stores: the database, the local files and Redis, shared by both processes.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Stowage, TransactionPhase } from '@stowage/core';
import { OutboxEntity } from '@stowage/core/internal';
import { CrossStoreDocument } from '@stowage/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaultSchema, type FaultPlace, openFaultStowage } from './fault-backends.test-support.ts';

const worker = join(import.meta.dirname, 'fault-worker.test-support.ts');
const recoverWorker = join(import.meta.dirname, 'recover-worker.test-support.ts');
const open: Stowage[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const stowage of open.splice(0)) {
    await stowage.cache.clear();
    await stowage.close();
  }
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

function killedAt(
  place: FaultPlace,
  phase: TransactionPhase,
  documentId: string,
): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, place.folder, place.namespace, phase, documentId], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      signal ? resolve(signal) : reject(new Error(`worker exited with ${code}`)),
    );
  });
}

async function objectKeys(stowage: Stowage): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of stowage.objects.listAll()) keys.push(object.key);
  return keys;
}

async function prepare() {
  const folder = await mkdtemp(join(tmpdir(), 'stowage-faults-'));
  folders.push(folder);
  const place: FaultPlace = { folder, namespace: `stowage-faults:${randomBytes(6).toString('hex')}` };
  await createFaultSchema(place);
  const stowage = await openFaultStowage(place);
  open.push(stowage);
  await stowage.objects.put('files/old.txt', 'old');
  await stowage.cache.set('report', 'stale');
  const documents = stowage.repository(CrossStoreDocument);
  const document = await documents.create({ title: 'before', fileKey: 'files/old.txt' });
  expect((await documents.findById(document.id))?.title).toBe('before'); // cached in Redis now
  return { place, stowage, documentId: document.id };
}

describe('cross-store transaction killed with SIGKILL', () => {
  it('before the commit: recover() leaves all three stores as they were, without staged bodies', async () => {
    const { place, stowage, documentId } = await prepare();
    expect(await killedAt(place, 'before-commit', documentId)).toBe('SIGKILL');
    const report = await stowage.recover({ staleAfterMs: 0 });
    expect(report).toMatchObject({ applied: 0, removedStagingFolders: 1 });

    const row = await stowage.database?.repository(CrossStoreDocument).getById(documentId);
    expect(row).toMatchObject({ title: 'before', fileKey: 'files/old.txt' });
    expect((await stowage.repository(CrossStoreDocument).findById(documentId))?.title).toBe('before');
    expect(await objectKeys(stowage)).toEqual(['files/old.txt']);
    expect((await stowage.objects.getBytes('files/old.txt')).toString()).toBe('old');
    expect(await stowage.cache.get('report')).toBe('stale');
    expect(await stowage.database?.repository(OutboxEntity).count()).toBe(0);
  });

  it.each<TransactionPhase>(['after-commit', 'after-object-step', 'before-cache'])(
    'at %s: recover() finishes it — no orphaned object, no row pointing at a missing one, no stale cache entry',
    async (phase) => {
      const { place, stowage, documentId } = await prepare();
      expect(await killedAt(place, phase, documentId)).toBe('SIGKILL');
      expect(await stowage.database?.repository(OutboxEntity).count()).toBe(1);
      const report = await stowage.recover({ staleAfterMs: 0 });
      expect(report.applied).toBe(1);

      const row = await stowage.database?.repository(CrossStoreDocument).getById(documentId);
      expect(row).toMatchObject({ title: 'after', fileKey: 'files/new-1.bin' });
      // Exactly the transaction's objects: nothing orphaned, nothing staged, the old one deleted.
      expect(await objectKeys(stowage)).toEqual(['files/new-1.bin', 'files/new-2.txt']);
      const body = await stowage.objects.getBytes('files/new-1.bin');
      expect(body.length).toBe(1024 * 1024);
      expect(body.every((byte) => byte === 7)).toBe(true);
      expect((await stowage.objects.getBytes('files/new-2.txt')).toString()).toBe('second');
      // Every row's file exists.
      for (const document of (await stowage.database?.repository(CrossStoreDocument).find()) ?? []) {
        if (document.fileKey) expect(await stowage.objects.exists(document.fileKey)).toBe(true);
      }
      // No stale cache entry: the named key is gone and the cached row reads the new title.
      expect(await stowage.cache.get('report')).toBeUndefined();
      expect((await stowage.repository(CrossStoreDocument).findById(documentId))?.title).toBe('after');
      expect(await stowage.database?.repository(OutboxEntity).count()).toBe(0);
    },
  );

  it('two processes recovering at once apply each outbox entry exactly once', async () => {
    const { place, stowage } = await prepare();
    const documents = stowage.repository(CrossStoreDocument);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await documents.create({ title: `doc ${i}`, fileKey: null })).id);
    for (const id of ids) expect(await killedAt(place, 'after-commit', id)).toBe('SIGKILL');
    expect(await stowage.database?.repository(OutboxEntity).count()).toBe(4);

    const run = promisify(execFile);
    const reports = await Promise.all(
      [0, 1].map(async () => {
        const { stdout } = await run(process.execPath, [recoverWorker, place.folder, place.namespace]);
        return JSON.parse(stdout) as { applied: number };
      }),
    );
    expect(reports.reduce((sum, report) => sum + report.applied, 0)).toBe(4);
    expect(await stowage.database?.repository(OutboxEntity).count()).toBe(0);
    for (const id of ids) expect((await documents.findById(id))?.title).toBe('after');
    expect(await objectKeys(stowage)).toEqual(['files/new-1.bin', 'files/new-2.txt']);
  });
});
