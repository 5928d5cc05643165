// Keys with segments too long for a file name (stored under hashed names, local-long-segment.ts)
// behave exactly as short keys do, listings return them in UTF-8 byte order, and files written
// by the previous layout still read.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ListOptions, ObjectStore } from '../../contracts/object-store.ts';
import { createLocalObjectStore } from './local-fs-object-store.ts';
import { longSegmentStem } from './local-long-segment.ts';
import { localObjectPath } from './local-path-mapping.ts';
import { encodeTrailer } from './object-trailer.ts';

let root: string;
let store: ObjectStore;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'stowage-long-'));
  store = createLocalObjectStore({ root });
});
afterEach(async () => {
  await store.close();
  await rm(root, { recursive: true, force: true });
});

const bytes = (key: string) => Buffer.byteLength(key, 'utf8');
const byteOrder = (keys: Iterable<string>) =>
  [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

/** Every page of a listing, followed by cursors, gathered into one objects and one prefixes list. */
async function listEverything(options: ListOptions): Promise<{ objects: string[]; prefixes: string[] }> {
  const objects: string[] = [];
  const prefixes: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ ...options, ...(cursor === undefined ? {} : { cursor }) });
    objects.push(...page.objects.map((o) => o.key));
    prefixes.push(...page.prefixes);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return { objects, prefixes };
}

/** What a listing of `keys` under `prefix`, grouped at "/", must return. */
function grouped(keys: readonly string[], prefix: string): { objects: string[]; prefixes: string[] } {
  const objects: string[] = [];
  const prefixes = new Set<string>();
  for (const key of byteOrder(keys.filter((k) => k.startsWith(prefix)))) {
    const cut = key.indexOf('/', prefix.length);
    if (cut >= 0) prefixes.add(key.slice(0, cut + 1));
    else objects.push(key);
  }
  return { objects, prefixes: byteOrder(prefixes) };
}

async function rootEntries(): Promise<string[]> {
  return (await readdir(root)).filter((name) => name !== '.tmp');
}

describe('local store, keys with segments over 200 bytes', () => {
  it('runs every operation on a 1,024-byte key of one segment', async () => {
    const key = 'é'.repeat(512);
    expect(bytes(key)).toBe(1024);
    const info = await store.put(key, 'long body', { contentType: 'text/plain', metadata: { owner: 'me' } });
    expect(info.key).toBe(key);
    const [name] = await rootEntries();
    expect(name).toMatch(/\.lobj$/);
    expect(bytes(name as string)).toBeLessThanOrEqual(255);

    expect(await store.stat(key)).toMatchObject({
      key,
      size: 9,
      contentType: 'text/plain',
      metadata: { owner: 'me' },
    });
    expect(await store.exists(key)).toBe(true);
    expect((await store.getBytes(key)).toString()).toBe('long body');
    expect((await store.getBytes(key, { range: { start: 5 } })).toString()).toBe('body');
    expect((await store.list()).objects.map((o) => o.key)).toEqual([key]);
    await expect(store.put(key, 'again', { ifNotExists: true })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });

    const copied = 'k'.repeat(1024);
    expect((await store.copy(key, copied)).key).toBe(copied);
    const moved = `${'é'.repeat(511)}ab`;
    expect((await store.move(copied, moved)).key).toBe(moved);
    expect(await store.exists(copied)).toBe(false);
    expect((await store.getBytes(moved)).toString()).toBe('long body');
    expect((await listEverything({ pageSize: 1 })).objects).toEqual(byteOrder([key, moved]));

    expect(await store.delete(key)).toBe(true);
    expect(await store.delete(key)).toBe(false);
    await expect(store.stat(key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await store.deleteMany([moved]);
    expect(await rootEntries()).toEqual([]);
  });

  it('runs every operation on a 1,024-byte key of 300-byte segments, each a long "folder"', async () => {
    const [s1, s2, s3] = ['a'.repeat(300), 'ü'.repeat(150), '😀'.repeat(75)];
    const key = `${s1}/${s2}/${s3}/${'t'.repeat(121)}`;
    expect(bytes(key)).toBe(1024);
    const sibling = `${s1}/${s2}/short`;
    await store.put(key, 'deep');
    await store.put(sibling, 'near');

    expect((await store.stat(key)).key).toBe(key);
    expect((await store.getBytes(key)).toString()).toBe('deep');
    expect(await listEverything({ delimiter: '/' })).toEqual({ objects: [], prefixes: [`${s1}/`] });
    expect(await listEverything({ prefix: `${s1}/`, delimiter: '/' })).toEqual({
      objects: [],
      prefixes: [`${s1}/${s2}/`],
    });
    expect(await listEverything({ prefix: `${s1}/${s2}/`, delimiter: '/' })).toEqual({
      objects: [sibling],
      prefixes: [`${s1}/${s2}/${s3}/`],
    });
    // A prefix that ends inside a long segment.
    expect((await listEverything({ prefix: `${s1}/üü` })).objects).toEqual(byteOrder([key, sibling]));
    expect((await listEverything({ prefix: `${s1}/${s2}/${s3}/` })).objects).toEqual([key]);

    await store.copy(key, `${s1}/copy`);
    await store.move(sibling, `${s1}/${s2}/${s3}/moved`);
    expect((await listEverything({ prefix: `${s1}/` })).objects).toEqual(
      byteOrder([key, `${s1}/copy`, `${s1}/${s2}/${s3}/moved`]),
    );
    expect(await store.deletePrefix(`${s1}/${s2}/`)).toBe(2);
    expect(await store.deletePrefix(`${s1}/`)).toBe(1);
    expect(await rootEntries()).toEqual([]);
  });

  // Long and short segments side by side, as files and as folders, with look-alike starts.
  const mixed = [
    'a',
    'a/b',
    `a${'x'.repeat(299)}`,
    `a${'-'.repeat(299)}`,
    'é'.repeat(150),
    `${'é'.repeat(150)}/inner`,
    `${'é'.repeat(150)}/${'z'.repeat(250)}`,
    `${'é'.repeat(150)}x`,
    `${'é'.repeat(100)}`,
    `${'é'.repeat(100)}/k`,
    '\uff61'.repeat(100),
    '😀'.repeat(75),
    `${'q'.repeat(150)}1`,
    `${'q'.repeat(150)}0/k`,
    'é',
  ];

  it('lists long and short keys together in UTF-8 byte order, on every page size', async () => {
    await Promise.all(mixed.map((key) => store.put(key, key)));
    for (const pageSize of [1, 2, 3, 1000]) {
      expect((await listEverything({ pageSize })).objects).toEqual(byteOrder(mixed));
      expect(await listEverything({ pageSize, delimiter: '/' })).toEqual(grouped(mixed, ''));
      const folder = `${'é'.repeat(150)}/`;
      expect(await listEverything({ pageSize, prefix: folder, delimiter: '/' })).toEqual(
        grouped(mixed, folder),
      );
    }
    for (const key of mixed) expect((await store.getBytes(key)).toString()).toBe(key);
  });

  it('deletes by a prefix that ends inside long segments, and cleans up their folders', async () => {
    await Promise.all(mixed.map((key) => store.put(key, 'x')));
    const prefix = 'é'.repeat(120);
    const doomed = mixed.filter((key) => key.startsWith(prefix));
    expect(doomed).toHaveLength(4);
    expect(await store.deletePrefix(prefix)).toBe(4);
    expect((await listEverything({})).objects).toEqual(
      byteOrder(mixed.filter((key) => !doomed.includes(key))),
    );
    for (const prefixToGo of ['a', 'é', '\uff61', '😀', 'q']) await store.deletePrefix(prefixToGo);
    expect(await rootEntries()).toEqual([]);
  });

  it('lets exactly one of several create-only puts of a long key win', async () => {
    const key = `d/${'c'.repeat(900)}`;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => store.put(key, `writer ${i}`, { ifNotExists: true })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(await readdir(path.join(root, '.tmp'))).toEqual([]);
  });

  it('publishes into a long folder while deletes keep removing it', async () => {
    const folder = 'f'.repeat(400);
    for (let round = 0; round < 20; round++) {
      await store.put(`${folder}/victim`, 'v');
      await Promise.all([
        store.delete(`${folder}/victim`),
        store.put(`${folder}/fresh`, `round ${round}`),
        store.delete(`${folder}/fresh`),
      ]);
    }
    // The last round's delete of "fresh" may have run before its put.
    await store.delete(`${folder}/fresh`);
    await store.put(`${folder}/last`, 'kept');
    expect((await listEverything({ delimiter: '/' })).prefixes).toEqual([`${folder}/`]);
    expect((await listEverything({ prefix: `${folder}/` })).objects).toEqual([`${folder}/last`]);
  });

  it('takes a key of 511 one-byte segments, the deepest a 1,024-byte key can be', async () => {
    const key = `${'a/'.repeat(511)}a`;
    await store.put(key, 'deep');
    expect((await store.getBytes(key)).toString()).toBe('deep');
    expect((await listEverything({})).objects).toEqual([key]);
    expect(await store.delete(key)).toBe(true);
    expect(await rootEntries()).toEqual([]);
  });

  it('skips a long folder emptied by a race, and reports a long file whose trailer is not its own', async () => {
    const stem = longSegmentStem('e'.repeat(300));
    await mkdir(path.join(root, `${stem}.ldir`));
    await store.put('kept', 'x');
    expect((await store.list()).objects.map((o) => o.key)).toEqual(['kept']);

    const [a, b] = ['A'.repeat(300), 'B'.repeat(300)];
    await store.put(a, 'a');
    await copyFile(localObjectPath(root, a), localObjectPath(root, b));
    await expect(store.list()).rejects.toMatchObject({ code: 'BACKEND' });
  });
});

describe('local store layout', () => {
  it('keeps every key that fitted before at the path the previous version wrote', async () => {
    const plain = 'é'.repeat(100); // exactly 200 bytes: still a plain name
    await store.put(`${plain}/x`, '1');
    expect(await readdir(path.join(root, `${plain}.dir`))).toEqual(['x.obj']);

    // A file laid out by hand the way the previous version wrote it reads and lists as before.
    const data = Buffer.from('written earlier');
    const header = {
      v: 1 as const,
      key: 'old/file',
      contentType: 'text/plain',
      metadata: { from: 'before' },
      md5: createHash('md5').update(data).digest('hex'),
      size: data.length,
    };
    await mkdir(path.join(root, 'old.dir'));
    await writeFile(path.join(root, 'old.dir', 'file.obj'), Buffer.concat([data, encodeTrailer(header)]));
    expect((await store.getBytes('old/file')).toString()).toBe('written earlier');
    expect(await store.stat('old/file')).toMatchObject({
      contentType: 'text/plain',
      metadata: { from: 'before' },
    });
    expect((await listEverything({ prefix: 'old/' })).objects).toEqual(['old/file']);
  });
});
