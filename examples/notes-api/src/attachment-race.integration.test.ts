// DELETE /notes/:id racing PUT /notes/:id/attachment/:name, on every backend set: the DELETE
// commits right after the PUT committed (it sees the attachment and deletes it), before the PUT's
// object steps ran. The attachment must not outlive its note, and nothing may stay staged. The
// app is called in-process (app.request) so the phase hook knows which request it runs for.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TransactionSettings } from '@stowage/core';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { Note } from './entities.ts';
import { backendSetups, type OpenedBackends, quiet } from './test-backends.test-support.ts';

const PAIRS = 10;

interface RequestRole {
  pair: number;
  role: 'put' | 'delete';
}

const suites = backendSetups;

describe.each(suites)('notes API: DELETE racing PUT of the attachment on %s', (_name, open) => {
  const roles = new AsyncLocalStorage<RequestRole>();
  const deleteCommitted = new Map<number, () => void>();
  const deleteCommits = new Map<number, Promise<void>>();
  const startDelete = new Map<number, () => void>();
  // Only requests of the forced race carry a role; the others run untouched.
  const onPhase: TransactionSettings['onPhase'] = async (phase) => {
    const at = roles.getStore();
    if (!at || phase !== 'after-commit') return;
    if (at.role === 'delete') return deleteCommitted.get(at.pair)?.();
    startDelete.get(at.pair)?.();
    await Promise.race([deleteCommits.get(at.pair), sleep(5_000)]);
  };
  let backends: OpenedBackends;
  let app: Hono;

  beforeAll(async () => {
    backends = await open({ transactions: { onPhase } });
    app = createApp(backends.stowage, { logger: quiet });
  });
  afterAll(async () => {
    await backends?.close();
  });

  const createNote = async (title: string) => {
    const response = await app.request('/notes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title, body: 'racing' }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as Note).id;
  };
  const putAttachment = async (id: string, name: string, body: Uint8Array) =>
    app.request(`/notes/${id}/attachment/${name}`, { method: 'PUT', body });
  const deleteNote = async (id: string) => app.request(`/notes/${id}`, { method: 'DELETE' });

  /**
   * The objects stored must be exactly the attachments the surviving notes of `ids` refer to —
   * and nothing else held by the store (no staged body, temp file or unfinished upload).
   */
  const expectAgreement = async (ids: readonly string[]) => {
    const referred: string[] = [];
    for (const id of ids) {
      const note = await backends.stowage.repository(Note).findById(id);
      if (note?.attachmentKey) referred.push(note.attachmentKey);
    }
    const keys: string[] = [];
    for await (const object of backends.stowage.objects.listAll()) keys.push(object.key);
    expect(keys.sort()).toEqual(referred.sort());
    expect(await backends.storedObjects()).toHaveLength(referred.length);
  };

  it(`leaves no attachment behind a deleted note (${PAIRS} DELETEs each committing right after its PUT), nothing staged`, async () => {
    const ids: string[] = [];
    for (let i = 0; i < PAIRS; i++) ids.push(await createNote(`race ${i}`));
    const statuses = await Promise.all(
      ids.map(async (id, pair) => {
        deleteCommits.set(
          pair,
          new Promise<void>((resolve) => {
            deleteCommitted.set(pair, resolve);
          }),
        );
        let deletion: Promise<Response> | undefined;
        const runDelete = (): Promise<Response> => {
          deletion ??= roles.run({ pair, role: 'delete' }, async () => deleteNote(id));
          return deletion;
        };
        startDelete.set(pair, () => void runDelete());
        const put = await roles.run({ pair, role: 'put' }, () =>
          putAttachment(id, 'file.bin', randomBytes(32 * 1024)),
        );
        return [put.status, (await runDelete()).status];
      }),
    );
    expect(statuses).toEqual(ids.map(() => [200, 204]));
    await expectAgreement(ids);
    expect(await backends.storedObjects()).toEqual([]);
  });

  it(`keeps attachments and notes agreeing under concurrent PUT, PUT, DELETE on ${PAIRS} notes`, async () => {
    const ids: string[] = [];
    for (let i = 0; i < PAIRS; i++) ids.push(await createNote(`free ${i}`));
    const jitter = () => sleep(Math.floor(Math.random() * 15));
    const statuses = await Promise.all(
      ids.flatMap((id, n) => [
        jitter().then(async () => (await putAttachment(id, 'a.bin', randomBytes(4096))).status),
        jitter().then(async () => (await putAttachment(id, 'b.bin', randomBytes(8192))).status),
        ...(n % 3 === 0 ? [] : [jitter().then(async () => (await deleteNote(id)).status)]),
      ]),
    );
    // A PUT may lose to the DELETE (404) or to the other PUT (409); nothing else.
    for (const status of statuses) expect([200, 204, 404, 409]).toContain(status);
    await backends.stowage.recover();
    await expectAgreement(ids);
  });
});
