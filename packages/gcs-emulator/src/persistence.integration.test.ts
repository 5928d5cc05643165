// A folder-backed emulator keeps buckets, objects and metadata across a restart, and overwrites
// and deletes leave no stray blob files behind.

import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture } from './emulator.test-support.ts';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gcs-emulator-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('folder storage', () => {
  it('survives a restart', async () => {
    const big = randomBytes(5 * 1024 * 1024 + 7);
    const first = await startFixture({ storage: folder, buckets: ['kept'] });
    const bucket = first.storage.bucket('kept');
    await bucket.file('small.txt').save('small', { resumable: false, metadata: { metadata: { k: 'v' } } });
    await bucket.file('big.bin').save(big, { resumable: true, chunkSize: 1024 * 1024 });
    await bucket.file('overwritten.txt').save('old', { resumable: false });
    await bucket.file('overwritten.txt').save('new', { resumable: false });
    await bucket.file('deleted.txt').save('gone', { resumable: false });
    await bucket.file('deleted.txt').delete();
    await bucket.file('small.txt').setMetadata({ cacheControl: 'no-store' });
    const generation = (await bucket.file('small.txt').getMetadata())[0].generation;
    await first.close();

    const second = await startFixture({ storage: folder, buckets: ['kept'] });
    try {
      const again = second.storage.bucket('kept');
      const [metadata] = await again.file('small.txt').getMetadata();
      expect(metadata).toMatchObject({
        generation,
        metageneration: '2',
        cacheControl: 'no-store',
        metadata: { k: 'v' },
      });
      expect((await again.file('small.txt').download())[0].toString()).toBe('small');
      expect((await again.file('big.bin').download({ validation: 'crc32c' }))[0]).toEqual(big);
      expect((await again.file('overwritten.txt').download())[0].toString()).toBe('new');
      expect((await again.file('deleted.txt').exists())[0]).toBe(false);
      const [files] = await again.getFiles();
      expect(files.map((file) => file.name)).toEqual(['big.bin', 'overwritten.txt', 'small.txt']);
      expect(await readdir(join(folder, 'blobs'))).toHaveLength(3);
      await again.file('after.txt').save('after restart', { resumable: false });
      expect(
        BigInt((await again.file('after.txt').getMetadata())[0].generation as string) >
          BigInt(generation as string),
      ).toBe(true);
    } finally {
      await second.close();
    }
  });
});
