// What the shared conformance suite cannot see: the files the local store leaves on disk.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../contracts/object-store.ts';
import { createLocalObjectStore } from './local-fs-object-store.ts';
import { TRAILER_MAGIC } from './object-trailer.ts';

let root: string;
let store: ObjectStore;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'stowage-local-'));
  store = createLocalObjectStore({ root });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createLocalObjectStore on disk', () => {
  it('stores data then a trailer carrying the metadata, at a suffixed path', async () => {
    await store.put('a/b', 'hello', { metadata: { owner: 'x' } });
    const file = await readFile(path.join(root, 'a.dir', 'b.obj'));
    expect(file.subarray(0, 5).toString()).toBe('hello');
    expect(file.subarray(-8).equals(TRAILER_MAGIC)).toBe(true);
    expect(file.toString()).toContain('"owner":"x"');
  });

  it('leaves no temp file behind after a failed or a create-only-rejected upload', async () => {
    async function* failing() {
      yield 'partial';
      throw new Error('source failed');
    }
    await expect(store.put('k', failing())).rejects.toThrow('source failed');
    await store.put('k', 'v');
    const losers = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => store.put('race', `body ${i}`, { ifNotExists: true })),
    );
    expect(losers.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await readdir(path.join(root, '.tmp'))).toEqual([]);
  });

  it('removes directories that deletes emptied, and only those', async () => {
    await store.put('x/y/z', '1');
    await store.put('x/keep', '2');
    await store.delete('x/y/z');
    expect(await readdir(path.join(root, 'x.dir'))).toEqual(['keep.obj']);
    expect(await store.deletePrefix('x/')).toBe(1);
    expect((await readdir(root)).sort()).toEqual(['.tmp']);
  });

  it('ignores files it did not write when listing, and reports damaged object files', async () => {
    await store.put('good', 'ok');
    await writeFile(path.join(root, 'stray.txt'), 'not an object');
    expect((await store.list()).objects.map((o) => o.key)).toEqual(['good']);
    await writeFile(path.join(root, 'bad.obj'), 'no trailer here');
    await expect(store.stat('bad')).rejects.toThrow(/not a complete Stowage object file/);
  });

  it('publishes puts while deletes keep emptying and removing their directory', async () => {
    // Each delete empties d/ and removes it, racing the next put's mkdir and rename.
    for (let round = 0; round < 30; round++) {
      await store.put('d/victim', 'v');
      await Promise.all([
        store.delete('d/victim'),
        store.put('d/fresh', `round ${round}`),
        store.delete('d/fresh'),
      ]);
    }
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => [store.put(`d/k${i}`, 'x'), store.delete(`d/k${i - 1}`)]).flat(),
    );
    expect(await readdir(path.join(root, '.tmp'))).toEqual([]);
  });

  it('stores a key with a segment too long for a file name under a hashed name', async () => {
    const key = `d/${'x'.repeat(1022 - 2)}`;
    await store.put(key, 'long');
    const [name] = await readdir(path.join(root, 'd.dir'));
    expect(name).toMatch(/^x{100}~[0-9a-f]{64}\.lobj$/);
    expect((await store.list({ prefix: 'd/' })).objects.map((o) => o.key)).toEqual([key]);
  });
});

describe('createLocalObjectStore aborted puts', () => {
  /** A Readable that hands out one chunk and then stalls, like a client that stopped sending. */
  function stalledReadable(): { body: Readable; wasRead: () => boolean } {
    let read = false;
    const body = new Readable({
      read() {
        if (read) return;
        read = true;
        this.push('first chunk');
      },
    });
    return { body, wasRead: () => read };
  }

  async function tempFiles(): Promise<string[]> {
    return readdir(path.join(root, '.tmp')).catch(() => []);
  }

  it('refuses an already aborted put before any I/O and without reading the body', async () => {
    await store.put('k', 'previous');
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    let read = false;
    async function* body() {
      read = true;
      yield 'new';
    }
    const error = await store.put('k', body(), { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ABORTED', cause: new Error('gone') });
    expect(read).toBe(false);
    expect((await store.getBytes('k')).toString()).toBe('previous');
    expect(await tempFiles()).toEqual([]);
  });

  it.each([false, true])(
    'stops a stalled upload mid-stream (create-only: %s), removes its staging file, keeps the old object',
    async (ifNotExists) => {
      const key = ifNotExists ? 'fresh' : 'k';
      if (!ifNotExists) await store.put(key, 'previous');
      const controller = new AbortController();
      const source = stalledReadable();
      const put = store.put(key, source.body, { signal: controller.signal, ifNotExists });
      await expect.poll(source.wasRead).toBe(true);
      // The first chunk reaches the staging file before the abort.
      await expect.poll(async () => (await tempFiles()).length).toBe(1);
      controller.abort();
      await expect(put).rejects.toMatchObject({ code: 'ABORTED' });
      expect(source.body.destroyed).toBe(true);
      expect(await tempFiles()).toEqual([]);
      if (ifNotExists) expect(await store.exists(key)).toBe(false);
      else expect((await store.getBytes(key)).toString()).toBe('previous');
    },
  );
});
