// On a versioned bucket the contract still holds for the live object: get returns the latest
// version, list shows one object, delete hides it (a delete marker) and reports it once.
import type { ObjectStore } from '@stowage/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ownBucket, rawClient, testStore } from './s3-test-server.test-support.ts';

let store: ObjectStore;
let bucket: string;
let remove: () => Promise<void>;
beforeAll(async () => {
  const own = await ownBucket('versioned');
  ({ bucket, remove } = own);
  await rawClient().setBucketVersioning(bucket, { Status: 'Enabled' });
  store = testStore({ bucket });
});
afterAll(async () => {
  await store.close();
  await remove();
});

it('put twice, then delete: latest wins, one listed, delete removes the live object', async () => {
  expect((await rawClient().getBucketVersioning(bucket)).Status).toBe('Enabled');
  await store.put('doc', 'version one', { metadata: { v: '1' } });
  await store.put('doc', 'version two', { metadata: { v: '2' } });
  expect((await store.getBytes('doc')).toString()).toBe('version two');
  expect((await store.stat('doc')).metadata).toEqual({ v: '2' });
  expect((await store.list()).objects.map((o) => o.key)).toEqual(['doc']);

  expect(await store.delete('doc')).toBe(true);
  expect(await store.exists('doc')).toBe(false);
  expect((await store.list()).objects).toEqual([]);
  expect(await store.delete('doc')).toBe(false);
  await expect(store.getBytes('doc')).rejects.toMatchObject({ code: 'NOT_FOUND' });

  // The older versions are still there (the bucket's business), invisible through the store.
  const versions: string[] = [];
  for await (const item of rawClient().listObjects(bucket, '', true, { IncludeVersion: true })) {
    if (item.name) versions.push(item.name);
  }
  expect(versions.length).toBeGreaterThanOrEqual(2);
  await store.put('doc', 'reborn', { ifNotExists: true });
  expect((await store.getBytes('doc')).toString()).toBe('reborn');
});
