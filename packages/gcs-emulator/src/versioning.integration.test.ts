// Object versioning through the SDK, in memory and in a folder: with versioning enabled an
// overwritten or deleted object stays as a noncurrent generation (with timeDeleted), readable
// with generation=, listed with versions=true, deletable by generation; without it only the live
// generation is kept. Folder storage keeps noncurrent generations across a restart.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bucket, Storage } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorFixture, errorOf, jsonOf, startFixture, uniqueName } from './emulator.test-support.ts';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gcs-versions-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function versionedBucket(storage: Storage): Promise<Bucket> {
  const [bucket] = await storage.createBucket(uniqueName('v'), { versioning: { enabled: true } });
  return bucket;
}

async function generationOf(bucket: Bucket, name: string): Promise<string> {
  return String((await bucket.file(name).getMetadata())[0].generation);
}

describe.each([
  ['memory', () => 'memory'],
  ['folder', () => join(folder, 'each')],
])('versioning (%s)', (_mode, storageOf) => {
  let fixture: EmulatorFixture;
  beforeAll(async () => {
    fixture = await startFixture({ storage: storageOf() });
  });
  afterAll(() => fixture.close());

  it('keeps an overwritten generation readable by generation and lists every version', async () => {
    const bucket = await versionedBucket(fixture.storage);
    await bucket.file('doc.txt').save('first', { resumable: false });
    const first = await generationOf(bucket, 'doc.txt');
    await bucket.file('doc.txt').save('second', { resumable: true });
    const second = await generationOf(bucket, 'doc.txt');
    expect(BigInt(second) > BigInt(first)).toBe(true);
    const old = bucket.file('doc.txt', { generation: first });
    expect((await old.download())[0].toString()).toBe('first');
    const [oldMetadata] = await old.getMetadata();
    expect(oldMetadata.generation).toBe(first);
    expect(Date.parse(String(oldMetadata.timeDeleted))).not.toBeNaN();
    expect((await bucket.file('doc.txt').download())[0].toString()).toBe('second');

    const [files] = await bucket.getFiles({ versions: true });
    expect(files.map((file) => [file.name, file.metadata.generation])).toEqual([
      ['doc.txt', first],
      ['doc.txt', second],
    ]);
    expect(files[0]?.metadata.timeDeleted).toBeDefined();
    expect(files[1]?.metadata.timeDeleted).toBeUndefined();
    const [live] = await bucket.getFiles();
    expect(live.map((file) => file.metadata.generation)).toEqual([second]);
  });

  it('keeps a deleted object as noncurrent until it is deleted by generation', async () => {
    const bucket = await versionedBucket(fixture.storage);
    await bucket.file('gone.txt').save('kept after delete', { resumable: false });
    const generation = await generationOf(bucket, 'gone.txt');
    await bucket.file('gone.txt').delete();
    expect((await bucket.file('gone.txt').exists())[0]).toBe(false);
    const noncurrent = bucket.file('gone.txt', { generation });
    expect((await noncurrent.download())[0].toString()).toBe('kept after delete');
    expect((await bucket.getFiles())[0]).toEqual([]);
    expect((await bucket.getFiles({ versions: true }))[0]).toHaveLength(1);
    // A bucket holding only noncurrent generations is not empty.
    expect((await errorOf(bucket.delete())).code).toBe(409);
    await noncurrent.delete();
    expect((await errorOf(noncurrent.download())).code).toBe(404);
    expect((await bucket.getFiles({ versions: true }))[0]).toEqual([]);
    await bucket.delete();
  });

  it('deletes a live generation permanently when named by generation, and patches noncurrent ones', async () => {
    const bucket = await versionedBucket(fixture.storage);
    await bucket.file('p.txt').save('one', { resumable: false });
    const one = await generationOf(bucket, 'p.txt');
    await bucket.file('p.txt').save('two', { resumable: false });
    const two = await generationOf(bucket, 'p.txt');
    const [patched] = await bucket
      .file('p.txt', { generation: one })
      .setMetadata({ metadata: { old: 'yes' } });
    expect(patched).toMatchObject({ generation: one, metageneration: '2', metadata: { old: 'yes' } });
    expect(patched.timeDeleted).toBeDefined();
    await bucket.file('p.txt', { generation: two }).delete();
    expect((await bucket.file('p.txt').exists())[0]).toBe(false);
    const [files] = await bucket.getFiles({ versions: true });
    expect(files.map((file) => file.metadata.generation)).toEqual([one]);
    await bucket.deleteFiles({ versions: true });
    await bucket.delete();
  });

  it('pages through versions one at a time and copies from a noncurrent generation', async () => {
    const bucket = await versionedBucket(fixture.storage);
    for (const body of ['a', 'b', 'c']) await bucket.file('paged.txt').save(body, { resumable: false });
    await bucket.file('z.txt').save('z', { resumable: false });
    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const query = new URLSearchParams({
        versions: 'true',
        maxResults: '1',
        ...(pageToken ? { pageToken } : {}),
      });
      const page = await jsonOf(
        await fetch(`${fixture.emulator.url}/storage/v1/b/${bucket.name}/o?${query}`),
      );
      for (const item of page.items ?? []) seen.push(`${item.name}#${item.generation}`);
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    const [files] = await bucket.getFiles({ versions: true });
    const oldest = files[0];
    expect(oldest?.name).toBe('paged.txt');
    await bucket
      .file('paged.txt', { generation: oldest?.metadata.generation as string })
      .copy(bucket.file('restored.txt'));
    expect((await bucket.file('restored.txt').download())[0].toString()).toBe('a');
  });

  it('keeps every generation of twenty concurrent overwrites, the newest live', async () => {
    const bucket = await versionedBucket(fixture.storage);
    const bodies = Array.from({ length: 20 }, (_, i) =>
      i % 3 === 0 ? Buffer.alloc(300 * 1024, i) : `body ${i}`,
    );
    await Promise.all(
      bodies.map((body, i) =>
        bucket.file('hot.txt').save(body, { resumable: i % 3 === 0, validation: false }),
      ),
    );
    const [files] = await bucket.getFiles({ versions: true });
    const generations = files.map((file) => BigInt(String(file.metadata.generation)));
    expect(generations).toHaveLength(20);
    expect(new Set(generations).size).toBe(20);
    expect([...generations].sort((a, b) => (a < b ? -1 : 1))).toEqual(generations);
    expect(files.filter((file) => file.metadata.timeDeleted === undefined)).toHaveLength(1);
    expect(String((await bucket.file('hot.txt').getMetadata())[0].generation)).toBe(
      String(generations.at(-1)),
    );
    for (const file of files) {
      const [data] = await bucket
        .file('hot.txt', { generation: String(file.metadata.generation) })
        .download();
      expect(Number(file.metadata.size)).toBe(data.length);
    }
  });

  it('keeps only the live generation once versioning is off', async () => {
    const bucket = await versionedBucket(fixture.storage);
    await bucket.file('f.txt').save('kept', { resumable: false });
    const kept = await generationOf(bucket, 'f.txt');
    await bucket.file('f.txt').save('live', { resumable: false });
    const live = await generationOf(bucket, 'f.txt');
    await bucket.setMetadata({ versioning: { enabled: false } });
    await bucket.file('f.txt').save('newer', { resumable: false });
    // The noncurrent generation made while versioning was on stays; the overwritten live one is gone.
    expect((await errorOf(bucket.file('f.txt', { generation: live }).download())).code).toBe(404);
    expect((await bucket.file('f.txt', { generation: kept }).download())[0].toString()).toBe('kept');
    expect((await bucket.getFiles({ versions: true }))[0]).toHaveLength(2);
  });
});

describe('versioning off', () => {
  it('drops an overwritten generation', async () => {
    const fixture = await startFixture();
    try {
      const bucket = await fixture.newBucket();
      await bucket.file('x.txt').save('1', { resumable: false });
      const first = await generationOf(bucket, 'x.txt');
      await bucket.file('x.txt').save('2', { resumable: false });
      expect((await errorOf(bucket.file('x.txt', { generation: first }).download())).code).toBe(404);
      expect((await bucket.getFiles({ versions: true }))[0]).toHaveLength(1);
    } finally {
      await fixture.close();
    }
  });
});

describe('noncurrent generations in a folder', () => {
  it('survive a restart, keep their bytes and are released when deleted', async () => {
    const dir = join(folder, 'restart');
    const first = await startFixture({ storage: dir });
    const name = (await versionedBucket(first.storage)).name;
    const bucket = first.storage.bucket(name);
    await bucket.file('r.txt').save('old', { resumable: false });
    const old = await generationOf(bucket, 'r.txt');
    await bucket.file('r.txt').save('new', { resumable: false });
    await bucket.file('d.txt').save('deleted', { resumable: false });
    const deleted = await generationOf(bucket, 'd.txt');
    await bucket.file('d.txt').delete();
    await first.close();

    const second = await startFixture({ storage: dir });
    try {
      const again = second.storage.bucket(name);
      expect((await again.file('r.txt', { generation: old }).download())[0].toString()).toBe('old');
      expect((await again.file('r.txt').download())[0].toString()).toBe('new');
      expect((await again.file('d.txt', { generation: deleted }).download())[0].toString()).toBe('deleted');
      expect((await again.file('d.txt').exists())[0]).toBe(false);
      const [files] = await again.getFiles({ versions: true });
      expect(files.map((file) => file.name)).toEqual(['d.txt', 'r.txt', 'r.txt']);
      expect(await readdir(join(dir, 'blobs'))).toHaveLength(3);
      await again.deleteFiles({ versions: true });
      await second.emulator.close();
      expect(await readdir(join(dir, 'blobs'))).toHaveLength(0);
    } finally {
      await second.close();
    }
  });
});
